/**
 * `--help` without `(default: )`. Hardhat prints the default of every option after its
 * description, and a string option must have one: the suite's options default to "" (not given),
 * which help showed as `(default: )` after every option, the required ones too. Options defined
 * with "" become Hardhat's string and file types without a default, which help shows bare, and
 * their actions still receive "" when the option is omitted (every action reads "" as not given).
 */
import { ArgumentType, type OptionDefinition } from "hardhat/types/arguments";
import {
  type NewTaskActionFunction,
  type TaskArguments,
  type TaskDefinition,
  TaskDefinitionType,
} from "hardhat/types/tasks";

const WITHOUT_DEFAULT: Partial<Record<ArgumentType, ArgumentType>> = {
  [ArgumentType.STRING]: ArgumentType.STRING_WITHOUT_DEFAULT,
  [ArgumentType.FILE]: ArgumentType.FILE_WITHOUT_DEFAULT,
};

/** `definition` with its ""-defaulted options shown without a default (see the file's comment). */
export function withoutEmptyDefault(definition: TaskDefinition): TaskDefinition {
  if (definition.type !== TaskDefinitionType.NEW_TASK) return definition;
  const emptied: string[] = [];
  const options: Record<string, OptionDefinition> = {};
  for (const [name, option] of Object.entries(definition.options)) {
    const bare = WITHOUT_DEFAULT[option.type];
    if (bare !== undefined && option.defaultValue === "") {
      emptied.push(name);
      options[name] = { ...option, type: bare, defaultValue: undefined } as OptionDefinition;
    } else {
      options[name] = option;
    }
  }
  if (emptied.length === 0) return definition;
  const filled = (args: TaskArguments): TaskArguments => {
    const copy = { ...args };
    for (const name of emptied) copy[name] ??= "";
    return copy;
  };
  const wrap =
    (action: NewTaskActionFunction): NewTaskActionFunction =>
    (args, hre) =>
      action(filled(args), hre);
  if (definition.inlineAction !== undefined) {
    return { ...definition, options, inlineAction: wrap(definition.inlineAction) };
  }
  const lazy = definition.action;
  return {
    ...definition,
    options,
    action: async () => ({ default: wrap((await lazy()).default) }),
  };
}

/** Every definition of `definitions` through {@link withoutEmptyDefault}. */
export function withoutEmptyDefaults(definitions: readonly TaskDefinition[]): TaskDefinition[] {
  return definitions.map(withoutEmptyDefault);
}
