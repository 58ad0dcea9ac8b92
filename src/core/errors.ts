/**
 * One error hierarchy for the whole SDK. Every error carries a one-sentence `shortMessage` that a
 * person can act on; `details` and `cause` keep what a developer needs to debug.
 */
export type SupplyChainErrorOptions = {
  details?: string;
  cause?: unknown;
};

/** Options of an input error: the parameter it is about, as the SDK method names it. */
export type InputErrorOptions = SupplyChainErrorOptions & {
  /**
   * The parameter the input error is about, by its name in the SDK method's parameters object
   * (`"chipKey"`, `"milestones[2].amount"`). A command line maps it onto its flag.
   */
  field?: string;
};

export class SupplyChainError extends Error {
  override name = "SupplyChainError";
  /** One sentence, for people. */
  readonly shortMessage: string;
  readonly details: string | undefined;

  constructor(shortMessage: string, options: SupplyChainErrorOptions = {}) {
    super(
      options.details === undefined
        ? shortMessage
        : `${shortMessage}\n\nDetails: ${options.details}`,
      { cause: options.cause },
    );
    this.shortMessage = shortMessage;
    this.details = options.details;
  }
}

/** Codes of input errors: each names one kind of bad input the SDK refuses before sending. */
export const InputErrorCode = {
  InvalidAddress: "SC100",
  InvalidRole: "SC101",
  InvalidTime: "SC102",
  TimeInPast: "SC103",
  InvalidHash: "SC104",
  InvalidScheme: "SC105",
  InvalidAmount: "SC106",
  InvalidJson: "SC107",
  InvalidSerial: "SC108",
  InvalidUnit: "SC109",
  MissingDeployment: "SC110",
  InvalidAddressBook: "SC111",
  MissingSigner: "SC112",
  MissingProvider: "SC120",
  InvalidList: "SC113",
  InvalidKind: "SC114",
  InvalidSignature: "SC115",
  InvalidId: "SC116",
  /** An account holds too little of a token for what it is asked to pay. */
  InsufficientFunds: "SC117",
  /** The signer is not the party the action needs (the payer, the supplier). */
  WrongAccount: "SC118",
  /** An invoice or milestone is not in a state (or time) that allows the action. */
  WrongState: "SC119",
  /** A token lacks what the action needs (decimals, an EIP-2612 permit). */
  UnsupportedToken: "SC121",
  /** A part cannot be delivered against a milestone (not held, another specification, not conforming). */
  UnacceptablePart: "SC122",
  /** No sealed bid matches: no saved reveal data, or no commitment of the order carries it. */
  BidNotFound: "SC123",
  /** A bid's contents do not give the commitment they should (wrong price, date, salt or bidder). */
  BidMismatch: "SC124",
  /** The reveal data of a bid could not be saved or read; a commitment is never sent unsaved. */
  BidStoreFailure: "SC125",
  /** A block number is not a whole number, or the chain has no such block (yet). */
  InvalidBlock: "SC126",
  /** A chip's answer is bound to a block outside the registry's window of recent blocks. */
  StaleChallenge: "SC127",
  /** The runner is connected to another chain than the address book's. */
  WrongChain: "SC128",
  /** A number of confirmations to wait for is not a whole number of at least 1. */
  InvalidConfirmations: "SC129",
} as const;
export type InputErrorCode = (typeof InputErrorCode)[keyof typeof InputErrorCode];

/** Bad input, refused before any transaction is sent. */
export class InputError extends SupplyChainError {
  override name = "InputError";
  readonly code: InputErrorCode;
  /** The parameter at fault, by its name in the method's parameters object, when known. */
  readonly field: string | undefined;

  constructor(code: InputErrorCode, shortMessage: string, options: InputErrorOptions = {}) {
    super(shortMessage, options);
    this.code = code;
    this.field = options.field;
  }
}

/** A contract refused a call with a custom error, decoded. */
export class ContractRevertedError extends SupplyChainError {
  override name = "ContractRevertedError";
  /** The custom error's name, e.g. `ParticipantRegistryNotActive`. */
  readonly errorName: string;
  /** The custom error's arguments, in order. */
  readonly args: readonly unknown[];
  /** The custom error's selector. */
  readonly selector: string;

  constructor(
    errorName: string,
    args: readonly unknown[],
    selector: string,
    shortMessage: string,
    options: SupplyChainErrorOptions = {},
  ) {
    super(shortMessage, options);
    this.errorName = errorName;
    this.args = args;
    this.selector = selector;
  }
}

/** A transaction failed for a reason that is not a decodable custom error. */
export class TransactionFailedError extends SupplyChainError {
  override name = "TransactionFailedError";
}

/** Throws when a condition that cannot fail, fails: a bug in the SDK, not in the input. */
export function assertInvariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new SupplyChainError(`Internal error: ${message}.`);
}

/** Whether `error` is a contract's refusal with the custom error `errorName`. */
export function isRevertOf(error: unknown, errorName: string): error is ContractRevertedError {
  return error instanceof ContractRevertedError && error.errorName === errorName;
}
