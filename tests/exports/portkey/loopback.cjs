// Preloaded into the Portkey gateway by the conformance test (node --require): the gateway has
// no host option and listens on every interface, so every server it starts is bound to
// 127.0.0.1 instead. A port given as a number or an options object keeps its port.
"use strict";
const net = require("net");
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === "object" && args[0] !== null && !Array.isArray(args[0])) {
    args[0] = { ...args[0], host: "127.0.0.1" };
  } else if (typeof args[0] === "number" || typeof args[0] === "string") {
    const port = args[0];
    const rest = args.slice(1).filter((a) => typeof a === "function");
    return listen.call(this, { port: Number(port), host: "127.0.0.1" }, ...rest);
  }
  return listen.apply(this, args);
};
