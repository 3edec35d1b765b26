// @peculiar/x509 loaded after the Reflect metadata polyfill its dependency-injection container (tsyringe)
// requires; import the library through this module so the order is always right.
import "reflect-metadata";

export * from "@peculiar/x509";
