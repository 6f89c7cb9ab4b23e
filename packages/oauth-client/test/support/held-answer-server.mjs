// An HTTP server on its own thread, so it answers while the test's thread is stalled. Flags (Int32Array
// over a SharedArrayBuffer): [0] request received, [1] go (answer now), [2] answer written.
import { createServer } from 'node:http'
import { parentPort, workerData } from 'node:worker_threads'

const flags = new Int32Array(workerData.flags)
const server = createServer((request, response) => {
  request.resume()
  request.on('end', () => {
    Atomics.store(flags, 0, 1)
    Atomics.notify(flags, 0)
    // Holds the answer until the test, about to stall its thread, says go.
    Atomics.wait(flags, 1, 0)
    response.writeHead(200, { 'content-type': 'application/json' })
    response.end('{"access_token":"AT-late","refresh_token":"RT-late","token_type":"Bearer"}', () => {
      Atomics.store(flags, 2, 1)
      Atomics.notify(flags, 2)
    })
  })
})
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port))
parentPort.on('message', () => server.close(() => parentPort.close()))
