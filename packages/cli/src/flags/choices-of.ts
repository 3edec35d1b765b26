/**
 * Flag choices from the spec's enum lists (@voke/sdk's generated contract), with an exhaustiveness check:
 * `choicesOf<PlantType>()(PLANT_TYPE_VALUES)` compiles only when the list holds every value of the union
 * and nothing else, so a value added to openapi.yaml can never be missing from `--help` and completion.
 */

type Missing<Union, List extends readonly string[]> = Exclude<Union, List[number]>;

export function choicesOf<Union extends string>() {
  return <const List extends readonly [Union, ...Union[]]>(
    list: List & ([Missing<Union, List>] extends [never] ? unknown : { missing: Missing<Union, List> }),
  ): List => list;
}
