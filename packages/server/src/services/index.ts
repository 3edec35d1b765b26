/** Builds every domain service from the server's dependencies, in one place, for the routes to use. */

import type { Clock } from "../clock.ts";
import type { SecretBox } from "../crypto/secret-box.ts";
import type { EventPublisher } from "../events/event-hub.ts";
import type { Logger } from "../logger.ts";
import type { CertificateAuthority } from "../pki/certificate-authority.ts";
import type { Store } from "../storage/store.ts";
import { type AlertRuleService, createAlertRuleService } from "./alert-rules.ts";
import { type ApiTokenService, createApiTokenService } from "./api-tokens.ts";
import { type CommandService, createCommandService, DEFAULT_COMMAND_TTL_SECONDS } from "./commands.ts";
import type { DeviceGateway } from "./device-gateway.ts";
import type { MqttTokenSigner } from "./mqtt-tokens.ts";
import { createPlantCredentialService, type PlantCredentialService } from "./plant-credentials.ts";
import { createPlantService, type PlantService } from "./plants.ts";
import type { MqttEndpoint } from "./provisioning-package.ts";
import { createRevocationList, type RevocationList } from "./revocation-list.ts";
import { createTelemetryHistoryService, type TelemetryHistoryService } from "./telemetry-history.ts";
import { createTemplateService, type TemplateService } from "./templates.ts";

export interface ServiceDeps {
  /** Where lifecycle and command events go (GET /api/v1/events). */
  events?: EventPublisher;
  store: Store;
  clock: Clock;
  ca: CertificateAuthority;
  secretBox: SecretBox;
  gateway: DeviceGateway;
  mqttTokens: MqttTokenSigner;
  /** Where plants connect; read when a package is built (the broker's port is known only once it listens). */
  mqttEndpoint: () => MqttEndpoint;
  /** Shared with the broker so both see one CRL; built from the store when not given. */
  revocationList?: RevocationList;
  /** VOKE_COMMAND_TTL_S: how long a command may stay queued before it expires; a day by default. */
  commandTtlSeconds?: number;
  /** For problems the services handle themselves rather than fail the request with. */
  logger?: Logger;
}

export interface Services {
  plants: PlantService;
  plantCredentials: PlantCredentialService;
  revocationList: RevocationList;
  alertRules: AlertRuleService;
  templates: TemplateService;
  commands: CommandService;
  apiTokens: ApiTokenService;
  telemetryHistory: TelemetryHistoryService;
}

export function createServices(deps: ServiceDeps): Services {
  const revocationList =
    deps.revocationList ?? createRevocationList({ store: deps.store, ca: deps.ca, clock: deps.clock });
  const plants = createPlantService({ ...deps, revocationList });
  return {
    plants,
    plantCredentials: createPlantCredentialService({ ...deps, revocationList }),
    revocationList,
    alertRules: createAlertRuleService(deps),
    templates: createTemplateService(deps),
    commands: createCommandService({
      ...deps,
      plants,
      commandTtlSeconds: deps.commandTtlSeconds ?? DEFAULT_COMMAND_TTL_SECONDS,
    }),
    apiTokens: createApiTokenService(deps),
    telemetryHistory: createTelemetryHistoryService({ store: deps.store, plants }),
  };
}
