import { expect } from "chai";
import { parseCapacity } from "../../../tasks/participants/args.js";
import { inputError } from "../shared/helpers.js";

const DAY = 86_400n;
const NO_CAPACITY = { capacity: "", periodDays: "", periodHours: "", capacityUnit: "" };

describe("tasks/participants/args", function () {
  describe("parseCapacity", function () {
    it("is undefined when no capacity is given", function () {
      expect(parseCapacity(NO_CAPACITY)).to.equal(undefined);
    });

    it("reads a capacity per period of days or hours", function () {
      expect(
        parseCapacity({ ...NO_CAPACITY, capacity: "1000", periodDays: "30", capacityUnit: "kg" }),
      ).to.deep.equal({ perPeriod: 1000n, periodLength: 30n * DAY, unit: "kg" });
      expect(
        parseCapacity({ ...NO_CAPACITY, capacity: "5", periodHours: "8", capacityUnit: " pcs " }),
      ).to.deep.equal({ perPeriod: 5n, periodLength: 8n * 3600n, unit: "pcs" });
    });

    it("refuses a capacity without a period, and a period without a capacity", async function () {
      const noPeriod = await inputError(() => parseCapacity({ ...NO_CAPACITY, capacity: "10" }));
      expect(noPeriod.code).to.equal("SC106");
      expect(noPeriod.shortMessage).to.equal(
        "A capacity was given without a period: pass --period-days <n> or --period-hours <n>.",
      );
      const noCapacity = await inputError(() =>
        parseCapacity({ ...NO_CAPACITY, periodHours: "10" }),
      );
      expect(noCapacity.code).to.equal("SC106");
      expect(noCapacity.shortMessage).to.include("A capacity period was given without a capacity");
    });

    it("refuses a capacity without its unit, a unit without a capacity, and a bad unit", async function () {
      const noUnit = await inputError(() =>
        parseCapacity({ ...NO_CAPACITY, capacity: "10", periodDays: "1" }),
      );
      expect(noUnit.code).to.equal("SC109");
      expect(noUnit.shortMessage).to.equal(
        "A capacity was given without its unit: pass --capacity-unit <unit>, e.g. kg or pcs.",
      );
      const unitOnly = await inputError(() =>
        parseCapacity({ ...NO_CAPACITY, capacityUnit: "kg" }),
      );
      expect(unitOnly.code).to.equal("SC109");
      expect(unitOnly.shortMessage).to.equal(
        "A capacity unit was given without a capacity: pass --capacity <units> too, or drop the unit.",
      );
      const badUnit = await inputError(() =>
        parseCapacity({
          ...NO_CAPACITY,
          capacity: "10",
          periodDays: "1",
          capacityUnit: "kilograms",
        }),
      );
      expect(badUnit.code).to.equal("SC109");
      expect(badUnit.shortMessage).to.include('"kilograms" is not a short unit');
    });

    it("refuses a period given in both days and hours", async function () {
      const error = await inputError(() =>
        parseCapacity({ capacity: "10", periodDays: "1", periodHours: "24", capacityUnit: "kg" }),
      );
      expect(error.shortMessage).to.equal(
        "Give the capacity period one way only: --period-days or --period-hours.",
      );
    });
  });
});
