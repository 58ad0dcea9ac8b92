import { SupplyChainError, type TxResult } from "../../src/index.js";

/** Prints the scenario as a story: one line per step, with the gas it cost. */
export class Story {
  readonly #names: ReadonlyMap<string, string>;
  #chapter = 0;
  #totalGas = 0n;
  #steps = 0;

  /** @param names who each address is, so that refusals read as a person would say them */
  constructor(names: ReadonlyMap<string, string> = new Map()) {
    this.#names = names;
  }

  chapter(title: string): void {
    this.#chapter += 1;
    console.log(`\n${this.#chapter}. ${title}`);
  }

  note(text: string): void {
    console.log(`   ${this.#name(text)}`);
  }

  /** `text` with every known address replaced by who it is. */
  #name(text: string): string {
    return text.replace(
      /0x[0-9a-fA-F]{40}(?![0-9a-fA-F])/g,
      (address) => this.#names.get(address.toLowerCase()) ?? address,
    );
  }

  /** Runs one transaction step and prints what it did and its gas. */
  async step(text: string, action: () => Promise<TxResult>): Promise<TxResult> {
    const tx = await action();
    this.#steps += 1;
    this.#totalGas += tx.gasUsed;
    console.log(`   ✓ ${text.padEnd(78)} ${tx.gasUsed.toLocaleString("en-US").padStart(9)} gas`);
    return tx;
  }

  /** Runs several transactions as one step, and prints their gas together. */
  async steps(text: string, actions: readonly (() => Promise<TxResult>)[]): Promise<void> {
    let gas = 0n;
    for (const action of actions) gas += (await action()).gasUsed;
    this.#steps += actions.length;
    this.#totalGas += gas;
    const label = `${text} (${actions.length} transactions)`;
    console.log(`   ✓ ${label.padEnd(78)} ${gas.toLocaleString("en-US").padStart(9)} gas`);
  }

  /** Runs a step that must be refused, and prints the refusal as the user would read it. */
  async refused(text: string, action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
    } catch (error) {
      if (!(error instanceof SupplyChainError)) throw error;
      const sentence = this.#name(error.shortMessage);
      console.log(`   ✗ ${text}\n     refused: ${sentence}`);
      return;
    }
    throw new Error(`The scenario expected this to be refused, and it was not: ${text}`);
  }

  summary(): void {
    console.log(
      `\n${this.#steps} transactions, ${this.#totalGas.toLocaleString("en-US")} gas in all.`,
    );
  }
}
