// Poco's egress relay, run by Node.js inside a run's sandbox (which has no network, only its own loopback).
//   node relay.js PORT SOCKET -- COMMAND ARGS...
// Listens on 127.0.0.1:PORT and pipes every connection to the Unix socket SOCKET, where the runner's egress gate
// (an HTTP proxy outside the sandbox) decides what it may reach. Once listening it starts COMMAND with the same
// standard streams, forwards SIGTERM/SIGINT/SIGHUP to it and exits with its status, so that the sandbox lives
// exactly as long as the command. Nothing here decides anything: the gate does.
'use strict';
const net = require('node:net');
const { spawn } = require('node:child_process');

const [port, socket, separator, command, ...args] = process.argv.slice(2);
if (!port || !socket || separator !== '--' || !command) {
  process.stderr.write('usage: relay.js PORT SOCKET -- COMMAND [ARGS...]\n');
  process.exit(2);
}

const server = net.createServer((client) => {
  const gate = net.connect(socket);
  const close = () => { client.destroy(); gate.destroy(); };
  client.on('error', close);
  gate.on('error', close);
  client.pipe(gate).pipe(client);
});
server.on('error', (err) => {
  process.stderr.write(`poco egress relay: cannot listen on 127.0.0.1:${port}: ${err.message}\n`);
  process.exit(70);
});
server.listen(Number(port), '127.0.0.1', () => {
  const child = spawn(command, args, { stdio: 'inherit' });
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('error', (err) => {
    process.stderr.write(`poco egress relay: cannot start ${command}: ${err.message}\n`);
    process.exit(127);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
});
