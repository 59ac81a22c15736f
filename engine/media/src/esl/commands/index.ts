/** ESL command parsing (zod-validated). */
export { type EslCommand, type CommandInput } from './schema.js';
export { type ParsedCommand, parseCommand } from './parse.js';
