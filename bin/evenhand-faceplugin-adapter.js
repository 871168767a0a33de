#!/usr/bin/env node
// The reference adapter (faceplugin-v1 behind the external-process protocol, docs/black-box.md), loaded through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../harness/algorithms/external/faceplugin-adapter.ts');
