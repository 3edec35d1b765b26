/**
 * The certificates the API hands out, checked by OpenSSL (an implementation nobody here wrote):
 * a provisioned plant's package verifies against its CA, the key matches, CN is the plant id and
 * the EKU is clientAuth; after revoke the serial is on the CRL and the stats count it as revoked.
 */
import { afterEach, expect, it } from "vitest";
import { createOpensslWorkspace, type OpensslWorkspace } from "../pki/openssl-for-tests.ts";
import { createTestHarness, type TestHarness } from "../test-support/harness.ts";

let h: TestHarness | undefined;
let ssl: OpensslWorkspace | undefined;
afterEach(async () => {
  h?.close();
  await ssl?.remove();
});

it("a provisioned plant's certificate passes openssl, and revoke puts it on the CRL", async () => {
  // Real time: OpenSSL checks validity dates against the system clock.
  h = await createTestHarness({ now: new Date().toISOString() });
  ssl = await createOpensslWorkspace();
  const { id } = await h.createPlant({ authMethod: "MTLS" });
  const pkg = (await h.request("POST", `/api/v1/plants/${id}/provision`)).body;
  await ssl.write("ca.pem", pkg.security.caCert);
  await ssl.write("client.pem", pkg.security.clientCert);
  await ssl.write("client.key", pkg.security.clientKey);

  const verify = await ssl.run("verify", "-CAfile", "ca.pem", "client.pem");
  expect(verify.code, verify.output).toBe(0);
  expect(verify.output).toContain("client.pem: OK");

  const keyPublic = await ssl.run("pkey", "-in", "client.key", "-pubout");
  const certPublic = await ssl.run("x509", "-in", "client.pem", "-pubkey", "-noout");
  expect(keyPublic.code).toBe(0);
  expect(keyPublic.output).toBe(certPublic.output);

  const text = (await ssl.run("x509", "-in", "client.pem", "-noout", "-subject", "-ext", "extendedKeyUsage"))
    .output;
  expect(text).toMatch(new RegExp(`subject=CN\\s*=\\s*${id}`));
  expect(text).toContain("TLS Web Client Authentication");
  const serial = (await ssl.run("x509", "-in", "client.pem", "-noout", "-serial")).output;
  const plant = (await h.request("GET", `/api/v1/plants/${id}`)).body;
  expect(serial.trim().toLowerCase()).toBe(`serial=${plant.certificateSerialNumber}`);

  expect((await h.request("POST", `/api/v1/plants/${id}/revoke`)).status).toBe(200);
  await ssl.write("crl.pem", await h.services.revocationList.current());
  const crl = await ssl.run("crl", "-in", "crl.pem", "-noout", "-text");
  expect(crl.code, crl.output).toBe(0);
  expect(crl.output.toLowerCase().replace(/:/g, "")).toContain(
    `serial number ${plant.certificateSerialNumber}`,
  );
  const revoked = await ssl.run(
    "verify",
    "-crl_check",
    "-CAfile",
    "ca.pem",
    "-CRLfile",
    "crl.pem",
    "client.pem",
  );
  expect(revoked.code).not.toBe(0);
  expect(revoked.output).toContain("certificate revoked");

  const stats = (await h.request("GET", "/api/v1/plants/certificate-stats")).body;
  expect(stats).toMatchObject({ revoked: 1, active: 0 });
});
