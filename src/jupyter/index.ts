export * from "./message.js";
export * from "./connection.js";
export * from "./kernelspec.js";
export * from "./client.js";
export * from "./kernelspec-install.js";
