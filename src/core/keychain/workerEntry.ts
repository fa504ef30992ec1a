/**
 * Entry of the keychain helper process (built as out/main/keychainWorker.js). Started by
 * child_process.fork (web mode, tests) or Electron's utilityProcess.fork; either way it lives
 * only as long as its parent's channel.
 */
import { serveKeychainParent } from './worker';

serveKeychainParent();
