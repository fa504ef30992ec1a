/**
 * Entry of the keychain helper process (built as out/main/keychainWorker.js). Started by
 * child_process.fork (CLI, web mode, tests) or Electron's utilityProcess.fork; either way it
 * lives only as long as its parent's channel.
 */
import { runKeychainWorker, type WorkerPort } from './worker';

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as { parentPort?: ParentPort }).parentPort;

const port: WorkerPort = parentPort
  ? {
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
      send: (message) => parentPort.postMessage(message),
    }
  : {
      onMessage: (listener) => process.on('message', listener),
      send: (message) => process.send?.(message),
    };

// The parent went away (exited, crashed, or closed us): nothing is left to answer.
process.on('disconnect', () => process.exit(0));

runKeychainWorker(port);
