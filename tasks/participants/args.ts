/** Reading the participant registry's command-line strings into SDK parameters. */
import { InputError, InputErrorCode, unitToBytes8 } from "../../src/index.js";
import { DAY, HOUR, wholeNumber } from "../shared/args.js";

/** The capacity options of a certificate: `--capacity` with one of the period options, or none. */
export type CapacityOptions = {
  capacity: string;
  periodDays: string;
  periodHours: string;
  capacityUnit: string;
};

/** A certificate's capacity from its options; undefined when no capacity is given. */
export function parseCapacity(
  options: CapacityOptions,
): { perPeriod: bigint; periodLength: bigint; unit: string } | undefined {
  const capacity = options.capacity.trim();
  const days = options.periodDays.trim();
  const hours = options.periodHours.trim();
  const unit = options.capacityUnit.trim();
  if (days !== "" && hours !== "") {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      "Give the capacity period one way only: --period-days or --period-hours.",
    );
  }
  if (capacity === "") {
    if (unit !== "") {
      throw new InputError(
        InputErrorCode.InvalidUnit,
        "A capacity unit was given without a capacity: pass --capacity <units> too, or drop the unit.",
      );
    }
    if (days !== "" || hours !== "") {
      throw new InputError(
        InputErrorCode.InvalidAmount,
        "A capacity period was given without a capacity: pass --capacity <units> too, or drop the period.",
      );
    }
    return undefined;
  }
  if (days === "" && hours === "") {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      "A capacity was given without a period: pass --period-days <n> or --period-hours <n>.",
    );
  }
  if (unit === "") {
    throw new InputError(
      InputErrorCode.InvalidUnit,
      "A capacity was given without its unit: pass --capacity-unit <unit>, e.g. kg or pcs.",
    );
  }
  const perPeriod = wholeNumber(capacity, "capacity (--capacity)");
  const periodLength =
    days !== ""
      ? wholeNumber(days, "capacity period (--period-days)") * DAY
      : wholeNumber(hours, "capacity period (--period-hours)") * HOUR;
  return { perPeriod, periodLength, unit: unitFromText(unit) };
}

/** A unit as the SDK takes it, checked now so that a bad one is refused before connecting. */
function unitFromText(unit: string): string {
  unitToBytes8(unit);
  return unit;
}
