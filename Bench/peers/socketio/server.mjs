// The socket.io server under test: subscribers join a room (as ours subscribe to a channel); a publisher's "publish"
// is broadcast to the room as one "event" and acknowledged, as our worker's Progress call is answered.
// Tells its parent the port it listens on over IPC.
import { createServer } from "node:http";
import { Server } from "socket.io";

const http = createServer();
const io = new Server(http, { transports: ["websocket"], serveClient: false });
io.on("connection", (socket) => {
  socket.on("subscribe", (room, ack) => {
    socket.join(room);
    ack({ room });
  });
  socket.on("publish", (room, event, ack) => {
    io.to(room).emit("event", event);
    ack();
  });
});
http.listen(0, "127.0.0.1", () => process.send({ port: http.address().port }));
