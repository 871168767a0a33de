/** External algorithms: any program that speaks the adapter protocol over standard input and output (docs/black-box.md). */
// public API
export { createExternalAlgorithm, type ExternalAlgorithm } from './external-algorithm.ts';
export { AdapterProcess, AdapterProtocolError, AdapterFailedError, AdapterRefusedError, type AdapterSettings } from './adapter-process.ts';
export { ADAPTER_MESSAGE_SCHEMAS, ADAPTER_PROTOCOL_VERSION, encodeTemplate, decodeTemplate, type HelloReply } from './adapter-messages.ts';
export { adapterFiles } from './adapter-files.ts';
export { adapterIdentity, type AdapterIdentity } from './adapter-identity.ts';
