import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openIdbStore } from '../../../src/engine/store/idb';
import { createMemoryStore } from '../../../src/engine/store/memory';
import { describeStoreContract } from './contract';

const factory = new IDBFactory();
let n = 0;

describeStoreContract('memory', async () => createMemoryStore());
describeStoreContract('indexeddb', () => openIdbStore({ name: `contract-${++n}`, factory }));
