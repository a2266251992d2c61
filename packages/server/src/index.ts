export { AuthError, type AuthErrorCode, authErrors } from './auth/errors.ts';
export { type CreatedOwner, type CreateOwnerInput, createOwner } from './auth/owner.ts';
export { checkPassword, hashPassword, passwordProblem, verifyPassword } from './auth/password.ts';
export { LoginLimiter } from './auth/sessions.ts';
export { type AppOptions, buildApp } from './http/app.ts';
export { HttpProblem, type ProblemCode, problems } from './http/problems.ts';
export { checkPackage, type PackageCheck } from './precheck-package.ts';
export { closeOnSignals, type Running, type ServeOptions, serve } from './serve.ts';
export { finalStates, nextStates, type Transition, transitions } from './store/application-transitions.ts';
export {
  type Application,
  type ApplicationDetail,
  type ApplicationEvent,
  ApplicationStoreError,
  createApplication,
  deleteApplication,
  getApplication,
  listApplicationEvents,
  listApplications,
  recordApplicationEvent,
  recordApplicationEventIn,
  transitionApplication,
  updateApplication,
} from './store/applications.ts';
export {
  type AssessmentSummary,
  createAssessment,
  deleteAssessment,
  getAssessment,
  listAssessments,
  rerunAssessment,
  type StoredAssessment,
} from './store/assessments.ts';
export { type AuditRecord, changedFields, listAudit, listCompanyAudit } from './store/audit-log.ts';
export {
  type Company,
  type CompanyInput,
  type CompanyPage,
  type CompanyPatch,
  CompanyStoreError,
  createCompany,
  deleteCompany,
  getCompany,
  listCompanies,
  type Scope,
  updateCompany,
} from './store/companies.ts';
export { type Db, type OpenDbOptions, openDb } from './store/db.ts';
export {
  createDocument,
  type Document,
  type DocumentListOptions,
  type DocumentPage,
  DocumentStoreError,
  deleteDocument,
  getDocument,
  listDocuments,
  listVersions,
} from './store/documents.ts';
export { DOCUMENTS_DIR, DocumentFiles, type StagedFile } from './store/files.ts';
export { migrate } from './store/migrations/index.ts';
