/**
 * Every flag a subsystem's map prints before an SDK input error is one its tasks take: an option
 * (`--kebab-case` of its name) or a positional argument (`<kebab-case>` of its name) of at least
 * one task of the subsystem, so an error never points at a flag that does not exist.
 */
import { expect } from "chai";
import { circularTasks } from "../../../tasks/circular/index.js";
import {
  CHARGE_SETTLE_FLAGS,
  CIRCULAR_FLAGS,
  WARRANTY_SHOW_FLAGS,
} from "../../../tasks/circular/flags.js";
import { invoicingTasks } from "../../../tasks/invoicing/index.js";
import { INVOICE_TRANSFER_FLAGS, INVOICING_FLAGS } from "../../../tasks/invoicing/flags.js";
import { participantsTasks } from "../../../tasks/participants/index.js";
import {
  CERTIFICATE_FLAGS,
  CERTIFICATE_SHOW_FLAGS,
  PARTICIPANTS_FLAGS,
} from "../../../tasks/participants/flags.js";
import { procurementTasks } from "../../../tasks/procurement/index.js";
import { PROCUREMENT_FLAGS } from "../../../tasks/procurement/flags.js";
import { provenanceTasks } from "../../../tasks/provenance/index.js";
import { PROVENANCE_FLAGS, SPEC_FLAGS } from "../../../tasks/provenance/flags.js";
import type { FlagNames } from "../../../tasks/shared/print.js";
import { tasks } from "../../../tasks/index.js";
import { ArgumentType } from "hardhat/types/arguments";
import { readFileSync } from "node:fs";
import path from "node:path";

type Definition = {
  id: readonly string[];
  action?: () => unknown;
  options: Record<string, { type: ArgumentType; description?: string; defaultValue?: unknown }>;
  positionalArguments: readonly { name: string }[];
};

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The flags and arguments the tasks take, as the maps write them. */
function flagsOf(tasks: readonly Definition[]): Set<string> {
  const flags = new Set<string>();
  for (const task of tasks) {
    for (const name of Object.keys(task.options)) flags.add(`--${kebab(name)}`);
    for (const { name } of task.positionalArguments) flags.add(`<${kebab(name)}>`);
  }
  return flags;
}

const SUBSYSTEMS: [string, readonly Definition[], FlagNames[]][] = [
  [
    "participants",
    participantsTasks,
    [PARTICIPANTS_FLAGS, CERTIFICATE_FLAGS, CERTIFICATE_SHOW_FLAGS],
  ],
  ["provenance", provenanceTasks, [PROVENANCE_FLAGS, SPEC_FLAGS]],
  ["invoicing", invoicingTasks, [INVOICING_FLAGS, INVOICE_TRANSFER_FLAGS]],
  ["procurement", procurementTasks, [PROCUREMENT_FLAGS]],
  ["circular", circularTasks, [CIRCULAR_FLAGS, WARRANTY_SHOW_FLAGS, CHARGE_SETTLE_FLAGS]],
];

describe("tasks/flags", function () {
  for (const [subsystem, tasks, maps] of SUBSYSTEMS) {
    it(`names only flags and arguments the ${subsystem} tasks take`, function () {
      const real = flagsOf(tasks);
      const named = maps.flatMap((map) => Object.entries(map));
      expect(named).to.not.be.empty;
      const unknown = named.filter(([, flag]) => !real.has(flag));
      expect(unknown).to.deep.equal([]);
    });
  }

  it("gives every task --json, and every write a --from its help calls required", function () {
    // Every task the config registers: the subsystems', their lists, suite:deploy, local:*.
    const all = tasks as readonly Definition[];
    expect(all).to.have.length.above(95);
    expect(
      all.filter((task) => task.options.json === undefined).map((t) => t.id.join(" ")),
    ).to.deep.equal([]);
    // The local helpers need no role: without --from they sign as the node's first account.
    const writes = all.filter(
      (task) => task.options.from !== undefined && task.id[0]?.startsWith("local:") !== true,
    );
    expect(writes).to.have.length.above(60);
    for (const task of writes) {
      // No default (help shows none, tasks/shared/defaults.ts): refused by the task when omitted.
      expect(task.options.from!.type, task.id.join(" ")).to.equal(
        ArgumentType.STRING_WITHOUT_DEFAULT,
      );
      expect(task.options.from!.defaultValue, task.id.join(" ")).to.equal(undefined);
      expect(task.options.from!.description, task.id.join(" ")).to.match(/^Required: /);
    }
  });

  it("types every file option, and only those, as a FILE (Hardhat's type for a path)", function () {
    const all = SUBSYSTEMS.flatMap(([, tasks]) => tasks);
    const options = all.flatMap((task) =>
      Object.entries(task.options).map(([name, option]) => ({
        option: `${task.id.join(" ")} --${kebab(name)}`,
        isFile: name.endsWith("File"),
        type: option.type,
      })),
    );
    expect(options.filter(({ isFile }) => isFile)).to.have.length.above(10);
    const mistyped = options
      .filter(({ isFile, type }) => isFile !== (type === ArgumentType.FILE))
      .map(({ option, type }) => `${option}: ${type}`);
    expect(mistyped).to.deep.equal([]);
  });

  it("calls every option a task refuses to go without Required in its help", function () {
    const TASKS = path.resolve(import.meta.dirname, "..", "..", "..", "tasks");
    const needed: string[] = [];
    const unmarked: string[] = [];
    for (const [subsystem, definitions] of SUBSYSTEMS) {
      for (const definition of definitions) {
        // The action's file, from the lazy import the definition holds: import("./x.js").
        const file = /import\("(\.[^"]+)\.js"\)/.exec(String(definition.action))?.[1];
        if (file === undefined) continue;
        const source = readFileSync(path.join(TASKS, subsystem, `${file}.ts`), "utf8");
        // The shared helpers that refuse an empty option: requireDate(args.until, "--until", ...).
        for (const [, name] of source.matchAll(/\brequire[A-Za-z]*\(\s*args\.([a-zA-Z]+),/g)) {
          const option = `${definition.id.join(" ")} --${kebab(name!)}`;
          needed.push(option);
          const description = definition.options[name!]?.description ?? "";
          if (!description.startsWith("Required: ")) unmarked.push(option);
        }
      }
    }
    expect(needed).to.have.length.above(25);
    expect(unmarked).to.deep.equal([]);
  });
});
