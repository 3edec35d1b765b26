import { expect, test } from "vitest";
import { type Page, paginate } from "./pagination.ts";

function pages(items: string[][], totalPages = items.length) {
  const asked: number[] = [];
  const fetchPage = async (page: number): Promise<Page<string>> => {
    asked.push(page);
    return { data: items[page - 1] ?? [], meta: { page, limit: 2, total: items.flat().length, totalPages } };
  };
  return { asked, fetchPage };
}

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

test("yields every item of every page in order and stops at totalPages", async () => {
  const { asked, fetchPage } = pages([["a", "b"], ["c", "d"], ["e"]]);
  expect(await collect(paginate(fetchPage))).toEqual(["a", "b", "c", "d", "e"]);
  expect(asked).toEqual([1, 2, 3]);
});

test("an empty list makes one request; an empty page ends the walk early", async () => {
  const empty = pages([[]], 0);
  expect(await collect(paginate(empty.fetchPage))).toEqual([]);
  expect(empty.asked).toEqual([1]);

  const shrunk = pages([["a"], []], 5);
  expect(await collect(paginate(shrunk.fetchPage))).toEqual(["a"]);
  expect(shrunk.asked).toEqual([1, 2]);
});

test("starts at the given page and fetches lazily", async () => {
  const { asked, fetchPage } = pages([["a"], ["b"], ["c"]]);
  const iterator = paginate(fetchPage, 2);
  expect(asked).toEqual([]);
  expect((await iterator.next()).value).toBe("b");
  expect(asked).toEqual([2]);
  await iterator.return();
  expect(asked).toEqual([2]);
});
