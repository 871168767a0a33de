/** An adapter's identity for provenance: what it says it is (hello) and the sha256 of the files its command runs. */
import { adapterFiles } from './adapter-files.ts';
import type { HelloReply } from './adapter-messages.ts';
import { AdapterProcess, type AdapterSettings } from './adapter-process.ts';

/** Who an adapter is: its hello's name, version, protocol, offers and kind of templates; its command; the files it runs, hashed. */
export interface AdapterIdentity {
  name: string;
  version: string;
  protocol: number;
  ops: HelloReply['ops'];
  /** Vector templates (searched by Evenhand) or opaque ones (searched by the adapter). */
  templates: HelloReply['templates'];
  command: string[];
  files: { file: string; sha256: string }[];
}

/**
 * Starts the adapter, shakes hands, says bye, and returns its identity (also a check, before a run, that it starts).
 * @throws AdapterFailedError / AdapterProtocolError as AdapterProcess.start.
 * @example (await adapterIdentity({ command: ['node', 'bin/evenhand-faceplugin-adapter.js'], timeoutMs: 30_000, startTimeoutMs: 120_000, retries: 0 })).version
 */
export async function adapterIdentity(settings: AdapterSettings): Promise<AdapterIdentity> {
  const p = await AdapterProcess.start(settings);
  await p.close();
  const hello = p.hello;
  if (hello === null) throw new Error('adapter started without a hello');
  return { name: hello.name, version: hello.version, protocol: hello.protocol, ops: hello.ops, templates: hello.templates, command: [...settings.command], files: await adapterFiles(settings.command, settings.cwd ?? process.cwd()) };
}
