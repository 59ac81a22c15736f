/**
 * The `zentrale` command: one entry point for the PBX, its engines and its administration.
 * Each sub-command lives in its own module and is loaded only when used, so that
 * `zentrale --help` stays fast and an engine process loads none of the feature server.
 */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly load: () => Promise<{ run(argv: string[]): Promise<number> }>;
}

const commands: readonly Command[] = [
  { name: 'start', summary: 'start the PBX (SIP engine and feature server); what `npm start` runs', load: () => import('./start.js') },
  { name: 'user', summary: 'add and list users, set forwarding (zentrale user add EXT --password P; user list; user forward EXT always NUMBER)', load: () => import('./user-forward.js') },
  { name: 'trunk', summary: 'trunk status: registration at the carrier (zentrale trunk status --json)', load: () => import('./trunk.js') },
  { name: 'apply', summary: 'apply dialplan YAML files as the site configuration, all or nothing', load: () => import('./apply.js') },
  { name: 'export', summary: 'print the stored site configuration as dialplan YAML', load: () => import('./export.js') },
  { name: 'agent', summary: 'hotline agents: login, logout, pause, resume (works with or without a running PBX)', load: async () => (await import('./hotline.js')).agentCommand },
  { name: 'hotline', summary: 'hotline status and log', load: async () => (await import('./hotline.js')).hotlineCommand },
  { name: 'voicemail', summary: 'voicemail messages of a mailbox (zentrale voicemail list EXT [--json])', load: () => import('./voicemail.js') },
  { name: 'route', summary: 'route explain: what a call would do, without placing it', load: async () => (await import('./hotline.js')).routeCommand },
  { name: 'media-engine', summary: 'run the embedded media engine (FreeSWITCH stand-in for drachtio-fsmrf)', load: () => import('./media-engine.js') },
  { name: 'sip-engine', summary: 'run the embedded SIP engine (drachtio-server stand-in)', load: () => import('./sip-engine.js') },
];

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: zentrale <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `zentrale <command> --help` for the options of a command.',
  ].join('\n');
}

/** Runs the command line; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name === undefined ? 1 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`zentrale: unknown command '${name}'\n\n${usage()}\n`);
    return 2;
  }
  const mod = await command.load();
  return mod.run(rest);
}
