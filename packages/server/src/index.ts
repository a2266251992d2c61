/** @icpdesk/server: the HTTP API (Fastify). Data lives in @icpdesk/store; package checks in @icpdesk/pack. */
export { type AppOptions, buildApp } from './http/app.ts';
export { parseTrustedProxies, TrustProxyError } from './http/client-address.ts';
export { HttpProblem, type ProblemCode, problems } from './http/problems.ts';
export { closeOnSignals, type Running, type ServeOptions, serve } from './serve.ts';
