import { expect } from "chai";
import { emptyTask, overrideTask, task } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { ArgumentType } from "hardhat/types/arguments";
import {
  type NewTaskActionFunction,
  type TaskArguments,
  type TaskDefinition,
  TaskDefinitionType,
} from "hardhat/types/tasks";
import { tasks } from "../../../tasks/index.js";
import { withoutEmptyDefault } from "../../../tasks/shared/defaults.js";

/** The arguments an action of `definition` receives when Hardhat passes it `args`. */
async function received(definition: TaskDefinition, args: TaskArguments): Promise<unknown> {
  const hre = {} as HardhatRuntimeEnvironment;
  if (definition.type !== TaskDefinitionType.NEW_TASK) throw new Error("not a new task");
  const action: NewTaskActionFunction =
    definition.inlineAction ?? (await definition.action()).default;
  return action(args, hre);
}

const echo: NewTaskActionFunction = (args) => args;

function example() {
  return task("example:write", "An example")
    .addOption({ name: "from", description: "Required: the signer", defaultValue: "" })
    .addOption({
      name: "evidenceFile",
      type: ArgumentType.FILE,
      description: "A file",
      defaultValue: "",
    })
    .addOption({ name: "note", description: "Has a default", defaultValue: "none" })
    .addFlag({ name: "json", description: "JSON" });
}

describe("tasks/shared/defaults", function () {
  it("shows an option that defaults to empty without a default, and keeps the others", function () {
    const definition = withoutEmptyDefault(example().setInlineAction(echo).build());
    expect(definition.type).to.equal(TaskDefinitionType.NEW_TASK);
    const { options } = definition as Extract<TaskDefinition, { options: unknown }>;
    expect(options.from).to.include({
      type: ArgumentType.STRING_WITHOUT_DEFAULT,
      defaultValue: undefined,
      description: "Required: the signer",
    });
    expect(options.evidenceFile).to.include({
      type: ArgumentType.FILE_WITHOUT_DEFAULT,
      defaultValue: undefined,
    });
    expect(options.note).to.include({ type: ArgumentType.STRING, defaultValue: "none" });
    expect(options.json).to.include({ type: ArgumentType.FLAG, defaultValue: false });
  });

  it("still hands an inline action an empty string for an omitted option, and a given value as given", async function () {
    const definition = withoutEmptyDefault(example().setInlineAction(echo).build());
    expect(await received(definition, { note: "none", json: false })).to.deep.equal({
      from: "",
      evidenceFile: "",
      note: "none",
      json: false,
    });
    expect(
      await received(definition, { from: "1", evidenceFile: "/tmp/a", note: "x", json: true }),
    ).to.deep.equal({
      from: "1",
      evidenceFile: "/tmp/a",
      note: "x",
      json: true,
    });
  });

  it("does the same for a lazily loaded action", async function () {
    const definition = withoutEmptyDefault(
      example()
        .setAction(async () => ({ default: echo }))
        .build(),
    );
    expect(await received(definition, { from: "0x01", note: "none", json: false })).to.deep.equal({
      from: "0x01",
      evidenceFile: "",
      note: "none",
      json: false,
    });
  });

  it("leaves a task without such an option, an empty task and an override as they are", function () {
    const plain = task("example:read", "Reads")
      .addFlag({ name: "json", description: "JSON" })
      .setInlineAction(echo)
      .build();
    expect(withoutEmptyDefault(plain)).to.equal(plain);
    const empty = emptyTask("example", "A scope").build();
    expect(withoutEmptyDefault(empty)).to.equal(empty);
    const override = overrideTask("example:write")
      .addOption({ name: "extra", description: "Empty", defaultValue: "" })
      .setInlineAction((args, hre, runSuper) => runSuper(args))
      .build();
    expect(withoutEmptyDefault(override)).to.equal(override);
  });

  it("leaves no option of the suite's tasks with an empty default for help to print", function () {
    const shown = tasks.flatMap((definition) =>
      definition.type === TaskDefinitionType.NEW_TASK
        ? Object.entries(definition.options)
            .filter(([, option]) => option.defaultValue === "")
            .map(([name]) => `${definition.id.join(" ")} --${name}`)
        : [],
    );
    expect(shown).to.deep.equal([]);
    expect(tasks.length).to.be.above(95);
  });
});
