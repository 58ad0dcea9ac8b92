import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printJson } from "../shared/print.js";
import { notFound } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { InputError, InputErrorCode, type RevealBidParameters } from "../../src/index.js";
import { loadBids } from "../../src/node/index.js";
import { optionalBidValues, optionalSalt, optionalSequence, parseOrderId } from "./args.js";
import { runTask, tokenOf } from "../shared/context.js";
import { formatBidRevealed } from "./format.js";
import { bidsDir } from "./common.js";
import { PROCUREMENT_FLAGS } from "./flags.js";

/**
 * `auction:reveal <order> [--sequence <n>] [--price <amount> --delivery <date> [--salt 0x…]]
 * [--bids-dir <folder>]`: the bidder (`--from`) reveals its sealed bids on the order. Without
 * `--price`, the bids saved in the bids folder are revealed (those not yet revealed; `--sequence`
 * picks one). With `--price` and `--delivery` (when the file is lost), the salt is re-derived from
 * the bidder's key (or given with `--salt`); the sealed bid is found by its commitment, and
 * `--sequence`, when given, must be its number.
 */
export default function revealBids(
  args: {
    order: string;
    sequence: string;
    price: string;
    delivery: string;
    salt: string;
    bidsDir: string;
    from: string;
    json: boolean;
  },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const orderId = parseOrderId(args.order);
    const sequence = optionalSequence(args.sequence);
    const values = optionalBidValues(args.price, args.delivery);
    const salt = optionalSalt(args.salt);
    if (salt !== undefined && values === undefined) {
      throw new InputError(
        InputErrorCode.InvalidHash,
        "--salt goes with --price and --delivery (a bid whose file is lost); a saved bid " +
          "carries its own salt.",
      );
    }
    const dir = bidsDir(hre, args.bidsDir);
    const { suite, signer, chainId } = await connectAs(hre, args.from, "the bidder");
    const { auctions } = suite;
    const order = await auctions.getOrder(orderId);
    if (order === undefined) {
      throw notFound(`There is no order ${orderId}.`);
    }

    let reveals: RevealBidParameters[];
    if (values !== undefined) {
      reveals = [
        {
          orderId,
          ...values,
          ...(sequence === undefined ? {} : { sequence }),
          ...(salt === undefined ? {} : { salt }),
        },
      ];
    } else {
      const saved = (
        await loadBids(dir, { chainId, auction: auctions.address, orderId, bidder: signer.address })
      ).filter((record) => sequence === undefined || record.sequence === sequence);
      if (saved.length === 0) {
        throw new InputError(
          InputErrorCode.BidNotFound,
          `No bid of ${signer.address} on order ${orderId}` +
            `${sequence === undefined ? "" : ` as bid ${sequence}`} is saved in ${dir}. If its ` +
            "file is lost, pass --price and --delivery exactly as sealed: the salt is " +
            "re-derived from your key.",
        );
      }
      // The sealed bid of each saved one, found on chain by its commitment (also when the file
      // was saved before the commitment was sent and not updated after).
      reveals = [];
      let alreadyRevealed = 0;
      for (const record of saved) {
        const [sealed] = await auctions.findBids({ orderId, commitment: record.commitment });
        if (sealed === undefined) continue; // Saved, but its sending failed: nothing to reveal.
        if (sealed.revealed) {
          alreadyRevealed += 1;
          continue;
        }
        reveals.push({
          orderId,
          sequence: sealed.sequence,
          unitPrice: record.unitPrice,
          deliveryDate: record.deliveryDate,
          salt: record.salt,
        });
      }
      if (reveals.length === 0) {
        throw new InputError(
          alreadyRevealed > 0 ? InputErrorCode.WrongState : InputErrorCode.BidNotFound,
          alreadyRevealed > 0
            ? `Every bid of ${signer.address} on order ${orderId} saved in ${dir} is already revealed.`
            : `The bids of ${signer.address} on order ${orderId} saved in ${dir} were never sealed ` +
                "on chain (their sending failed after they were saved).",
        );
      }
    }
    const info = await tokenOf(auctions, order.token);
    const revealed = [];
    for (const reveal of reveals) {
      const { tx, outcome } = await auctions.reveal(reveal);
      if (!args.json) console.log(formatBidRevealed(orderId, outcome, info, tx));
      revealed.push({ outcome, tx });
    }
    if (args.json) {
      printJson({
        orderId,
        token: info,
        reveals: revealed,
        transactions: revealed.map((r) => r.tx),
      });
    }
  }, PROCUREMENT_FLAGS);
}
