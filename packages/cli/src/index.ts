export { CliError, type CliErrorCode, cliErrorCodes } from './errors.ts';
export { chinaToday, type Io } from './io.ts';
export { run } from './main.ts';
