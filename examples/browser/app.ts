/** The example page's script: lists and creates plants with @voke/sdk straight from the browser. */
import { createVokeClient, type Plant, VokeApiError, type VokeClient } from "@voke/sdk";

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const connectForm = byId<HTMLFormElement>("connect");
const createForm = byId<HTMLFormElement>("create");
const status = byId<HTMLParagraphElement>("status");
const list = byId<HTMLUListElement>("plants");
let voke: VokeClient | undefined;

function say(text: string, isError = false): void {
  status.textContent = text;
  status.className = isError ? "error" : "";
}

/** One line for any failure: the API's code and request id when there is one. */
function describeFailure(error: unknown): string {
  if (error instanceof VokeApiError) {
    return `${error.code}: ${error.message}${error.requestId ? ` (request ${error.requestId})` : ""}`;
  }
  return error instanceof Error ? error.message : String(error);
}

function render(plants: Plant[]): void {
  list.replaceChildren(
    ...plants.map((plant) => {
      const item = document.createElement("li");
      item.dataset.serialNumber = plant.serialNumber;
      const detail = document.createElement("small");
      detail.textContent = ` ${plant.serialNumber} · ${plant.type} · ${plant.lifecycleStatus}`;
      item.append(plant.name, detail);
      return item;
    }),
  );
}

async function refresh(client: VokeClient): Promise<void> {
  const page = await client.plants.list({ limit: 100 });
  render(page.data);
  say(`${page.meta.total} plant${page.meta.total === 1 ? "" : "s"}`);
}

connectForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const fields = new FormData(connectForm);
  try {
    const client = createVokeClient({
      baseUrl: String(fields.get("apiUrl")),
      token: String(fields.get("token")),
    });
    await refresh(client);
    voke = client;
    createForm.hidden = false;
  } catch (error) {
    say(describeFailure(error), true);
  }
});

createForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!voke) return;
  const fields = new FormData(createForm);
  try {
    const plant = await voke.plants.create({
      name: String(fields.get("name")),
      serialNumber: String(fields.get("serialNumber")),
      type: String(fields.get("type")) as Plant["type"],
    });
    await refresh(voke);
    say(`Created ${plant.serialNumber} (${plant.id})`);
    createForm.reset();
  } catch (error) {
    say(describeFailure(error), true);
  }
});
