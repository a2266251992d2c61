export { AuthError, type AuthErrorCode, authErrors } from './auth/errors.ts';
export { type CreatedOwner, type CreateOwnerInput, createOwner } from './auth/owner.ts';
export { checkPassword, hashPassword, passwordProblem, verifyPassword } from './auth/password.ts';
export { LoginLimiter } from './auth/sessions.ts';
export { type AppOptions, buildApp } from './http/app.ts';
export { HttpProblem, type ProblemCode, problems } from './http/problems.ts';
export { closeOnSignals, type Running, type ServeOptions, serve } from './serve.ts';
export { type Db, type OpenDbOptions, openDb } from './store/db.ts';
export { migrate } from './store/migrations/index.ts';
