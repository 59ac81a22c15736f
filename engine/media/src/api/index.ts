/** FreeSWITCH API commands (`api`/`bgapi`). */
export { type ApiHost } from './api-host.js';
export { executeApi, sofiaStatus, formatUptime, API_COMMAND_NAMES } from './commands.js';
export { showChannels } from './show.js';
