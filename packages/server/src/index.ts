/** @voke/server: the reference server's public entry — start it, or build its app around your own parts. */
export { type AppDeps, createApp } from "./app.ts";
export { type AdjustableClock, type Clock, createFixedClock, systemClock } from "./clock.ts";
export { runCommand } from "./command-line.ts";
export { ConfigError, loadConfig, type ServerConfig } from "./config.ts";
export { createLogger, type Logger, type LogLevel } from "./logger.ts";
export { type RunningServer, type ServerOverrides, startServer } from "./server.ts";
export type { Principal, Role } from "./services/access.ts";
export { createNoopDeviceGateway, type DeviceGateway } from "./services/device-gateway.ts";
export { createServices, type ServiceDeps, type Services } from "./services/index.ts";
export type { ProvisioningPackage } from "./services/provisioning-package.ts";
