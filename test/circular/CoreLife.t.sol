// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ICoreRegistry} from "../../contracts/interfaces/ICoreRegistry.sol";
import {IPartRegistry} from "../../contracts/interfaces/IPartRegistry.sol";
import {CircularFixture, PredictingHandler} from "./CircularFixture.t.sol";

/**
 * @notice The invariant fuzzer's only target for the life of parts and cores. Makes parts,
 * passes parts and cores between holders, returns parts (as their holder, and as anyone else:
 * earlier holders, the core's holders), grades, remanufactures (as the OEM without a licence or
 * as a licensed remanufacturer, sometimes several generations in one call, up to and past
 * {CoreRegistry.MAX_GENERATION}) and recycles. It keeps a model of every part (holder, whether it
 * was returned, its core's state and holder, its generation and predecessor) and predicts every
 * outcome first: a revert that was not predicted (or differs from the prediction in any byte),
 * and a success where a revert was predicted, counts in `unexpected`.
 */
contract LifeHandler is PredictingHandler {
    /// @notice The model of one part and of its core.
    struct PartModel {
        address holder;
        /// @dev Who returned the part (its last holder outside the core registry).
        address returner;
        uint256 returns_;
        ICoreRegistry.CoreState coreState;
        address coreHolder;
        ICoreRegistry.Outcome outcome;
        uint16 generation;
        uint256 predecessor;
        uint256 successor;
    }

    /// @notice What the handler counts.
    enum Count {
        Made,
        PartTransfers,
        Returned,
        ReturnRefusals,
        CoreTransfers,
        Graded,
        Remanufactured,
        ByOem,
        ByLicensee,
        GenerationLimits,
        Recycled,
        ReturnedPartTransferRefusals
    }

    uint16 public constant MAX_GENERATION = 16;

    uint256[] public partIds;
    mapping(uint256 partId => PartModel) private _models;
    uint256 public ghostHeldCores;
    uint16 public ghostDeepest;

    mapping(Count kind => uint256) public counts;

    constructor(Deployment memory d) {
        _adopt(d);
        vm.prank(oem);
        licences.grantLicence(
            SPEC,
            reman,
            1_000,
            1 days,
            uint40(block.timestamp + 20 * 365 days),
            IERC20(address(0)),
            0,
            DATA
        );
    }

    // ------------------------------------------------------------------------------------------
    // Actions
    // ------------------------------------------------------------------------------------------

    /// @notice The OEM makes a part and sells it to a random actor (or keeps it).
    function make(uint256 seed) public returns (uint256 partId) {
        partId = _make(oem, SPEC);
        partIds.push(partId);
        _models[partId].holder = oem;
        ++counts[Count.Made];
        address to = _actor(seed);
        if (to != oem) _transferPart(partId, oem, to);
    }

    /// @notice A part's holder passes it on; a returned part's last holder tries to (refused).
    function transferPart(uint256 seed, uint256 toSeed) external {
        uint256 partId = _pickPart(seed);
        PartModel storage m = _models[partId];
        _transferPart(partId, m.returns_ != 0 ? m.returner : m.holder, _actor(toSeed));
    }

    /**
     * @notice Someone returns a part: mostly its holder (who approves it first), now and then
     * another actor. A part already returned is tried by its last holder, its core's holder or
     * anyone: always refused, so a part's life yields one core.
     */
    function returnPart(uint256 seed, uint256 callerSeed) public {
        uint256 partId = _pickPart(seed);
        PartModel storage m = _models[partId];
        address caller;
        if (m.returns_ != 0) {
            uint256 pick = callerSeed % 3;
            caller =
                pick == 0
                    ? m.returner
                    : pick == 1
                        ? m.coreHolder
                        : _actor(callerSeed >> 8);
            // A burned core has no holder: anyone tries instead.
            if (caller == address(0)) caller = _actor(callerSeed >> 8);
        } else {
            caller = callerSeed % 5 == 0 ? _actor(callerSeed >> 8) : m.holder;
        }
        _returnAs(partId, caller);
    }

    /// @notice A held core's holder passes the core token on.
    function transferCore(uint256 seed, uint256 toSeed) external {
        uint256 coreId = _pickCore(seed, true);
        if (coreId == 0) return;
        _moveCore(coreId, _actor(toSeed));
    }

    /// @notice The inspector grades a held core (any outcome, any grade).
    function grade(uint256 seed, uint256 gradeSeed) external {
        uint256 coreId = _pickCore(seed, true);
        if (coreId == 0) return;
        _gradeModel(
            coreId,
            ICoreRegistry.Outcome(1 + (gradeSeed % 4)),
            uint8(1 + ((gradeSeed >> 8) % 5))
        );
    }

    /**
     * @notice 1 .. 6 generations in one call: the newest part of a line is returned by its holder,
     * graded for remanufacture, handed to the OEM or the licensed remanufacturer, and
     * remanufactured into a new part; and again from that part. Past {MAX_GENERATION} it is
     * refused.
     */
    function deepen(uint256 seed, uint256 steps) external {
        uint256 partId = _deepestUnreturned();
        if (partId == 0) partId = make(seed);
        steps = bound(steps, 1, 6);
        for (uint256 i; i < steps; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            if (!_returnAs(partId, _models[partId].holder)) return;
            if (
                !_gradeModel(partId, ICoreRegistry.Outcome(1 + (r % 3)), uint8(1 + ((r >> 8) % 5)))
            ) {
                return;
            }
            partId = _remanufacture(partId, (r >> 16) % 2 == 0 ? oem : reman);
            if (partId == 0) return;
        }
    }

    /// @notice A held core is remanufactured (graded first for it when it needs to be).
    function remanufacture(uint256 seed) external {
        uint256 coreId = _pickCore(seed, true);
        if (coreId == 0) return;
        if (
            _models[coreId].outcome == ICoreRegistry.Outcome.None ||
            _models[coreId].outcome == ICoreRegistry.Outcome.RecycleOnly
        ) {
            if (!_gradeModel(coreId, ICoreRegistry.Outcome.Recondition, 3)) return;
        }
        _remanufacture(coreId, (seed >> 128) % 2 == 0 ? oem : reman);
    }

    /// @notice The recycler gets a held core and recycles it into a batch of 1 kg it registers.
    function recycle(uint256 seed) external {
        uint256 coreId = _pickCore(seed, true);
        if (coreId == 0) return;
        if (_models[coreId].coreHolder != recycler && !_moveCore(coreId, recycler)) return;
        vm.prank(recycler);
        uint32 batchId = parts.registerBatch(RECYCLED, 1, UNIT, _schemes(), EVIDENCE);
        vm.prank(recycler);
        try cores.recycle(coreId, batchId, EVIDENCE) {
            PartModel storage m = _models[coreId];
            m.coreState = ICoreRegistry.CoreState.Recycled;
            m.coreHolder = address(0);
            m.successor = batchId;
            --ghostHeldCores;
            ++counts[Count.Recycled];
        } catch (bytes memory reason) {
            _unexpected("recycle", reason);
        }
    }

    /// @notice Time passes: 0 .. 2 days (the recycler's capacity refills weekly).
    function warp(uint256 secondsAhead) external {
        vm.warp(block.timestamp + bound(secondsAhead, 0, 2 days));
    }

    // ------------------------------------------------------------------------------------------
    // Views for the invariants
    // ------------------------------------------------------------------------------------------

    /// @notice The model of part `partId`.
    function model(uint256 partId) external view returns (PartModel memory) {
        return _models[partId];
    }

    /// @notice How many parts the handler made (fresh or remanufactured).
    function partCount() external view returns (uint256) {
        return partIds.length;
    }

    /// @notice Every actor that can hold a part or a core.
    function actors() public view returns (address[5] memory) {
        return [customer, customer2, oem, reman, recycler];
    }

    // ------------------------------------------------------------------------------------------
    // Steps, each predicted and recorded
    // ------------------------------------------------------------------------------------------

    function _transferPart(uint256 partId, address from, address to) private {
        PartModel storage m = _models[partId];
        bytes memory expected;
        if (m.returns_ != 0) {
            expected = abi.encodeWithSelector(
                IERC721Errors.ERC721InsufficientApproval.selector,
                from,
                partId
            );
            ++counts[Count.ReturnedPartTransferRefusals];
        }
        vm.prank(from);
        try parts.transferFrom(from, to, partId) {
            if (_expect("transferPart", true, "", expected)) {
                m.holder = to;
                ++counts[Count.PartTransfers];
            }
        } catch (bytes memory reason) {
            _expect("transferPart", false, reason, expected);
        }
    }

    function _returnAs(uint256 partId, address caller) private returns (bool ok) {
        PartModel storage m = _models[partId];
        bytes memory expected;
        if (m.returns_ != 0 || caller != m.holder) {
            expected = abi.encodeWithSelector(
                ICoreRegistry.CoreRegistryNotPartHolder.selector,
                partId,
                caller
            );
            ++counts[Count.ReturnRefusals];
        }
        vm.startPrank(caller);
        if (m.returns_ == 0 && caller == m.holder) parts.approve(address(cores), partId);
        try cores.returnCore(partId, EVIDENCE) returns (uint256 coreId) {
            ok = _expect("returnCore", true, "", expected);
            if (ok) {
                if (coreId != partId) _unexpected("returnCore: id", "");
                ++m.returns_;
                m.returner = caller;
                m.holder = address(cores);
                m.coreState = ICoreRegistry.CoreState.Held;
                m.coreHolder = caller;
                ++ghostHeldCores;
                ++counts[Count.Returned];
            }
        } catch (bytes memory reason) {
            _expect("returnCore", false, reason, expected);
        }
        vm.stopPrank();
    }

    function _moveCore(uint256 coreId, address to) private returns (bool ok) {
        PartModel storage m = _models[coreId];
        vm.prank(m.coreHolder);
        try cores.transferFrom(m.coreHolder, to, coreId) {
            m.coreHolder = to;
            ++counts[Count.CoreTransfers];
            ok = true;
        } catch (bytes memory reason) {
            _unexpected("transferCore", reason);
        }
    }

    function _gradeModel(
        uint256 coreId,
        ICoreRegistry.Outcome outcome,
        uint8 value
    ) private returns (bool ok) {
        vm.prank(inspector);
        try cores.grade(coreId, outcome, value, EVIDENCE) {
            _models[coreId].outcome = outcome;
            ++counts[Count.Graded];
            ok = true;
        } catch (bytes memory reason) {
            _unexpected("grade", reason);
        }
    }

    /// @dev `by` (the OEM or the licensee) gets core `coreId`, makes a new part and remanufactures
    /// the core into it. Returns the new part, zero when refused (as predicted: past
    /// {MAX_GENERATION}).
    function _remanufacture(uint256 coreId, address by) private returns (uint256 newPartId) {
        PartModel storage m = _models[coreId];
        if (m.coreHolder != by && !_moveCore(coreId, by)) return 0;
        uint256 made = _make(by, SPEC);
        partIds.push(made);
        _models[made].holder = by;
        ++counts[Count.Made];
        uint16 generation = m.generation + 1;
        bytes memory expected;
        if (generation > MAX_GENERATION) {
            expected = abi.encodeWithSelector(
                ICoreRegistry.CoreRegistryGenerationLimit.selector,
                generation,
                MAX_GENERATION
            );
            ++counts[Count.GenerationLimits];
        }
        vm.prank(by);
        try cores.remanufacture(coreId, made, NEW_PART_WARRANTY, TERMS) {
            if (_expect("remanufacture", true, "", expected)) {
                m.coreState = ICoreRegistry.CoreState.Remanufactured;
                m.coreHolder = address(0);
                m.successor = made;
                PartModel storage n = _models[made];
                n.generation = generation;
                n.predecessor = coreId;
                if (generation > ghostDeepest) ghostDeepest = generation;
                --ghostHeldCores;
                ++counts[Count.Remanufactured];
                ++counts[by == oem ? Count.ByOem : Count.ByLicensee];
                newPartId = made;
            }
        } catch (bytes memory reason) {
            _expect("remanufacture", false, reason, expected);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Picking
    // ------------------------------------------------------------------------------------------

    function _actor(uint256 seed) private view returns (address) {
        return actors()[seed % 5];
    }

    /// @dev Any part (one is made when there is none).
    function _pickPart(uint256 seed) private returns (uint256) {
        uint256 n = partIds.length;
        if (n == 0) return make(seed);
        return partIds[seed % n];
    }

    /// @dev A part whose core is held, searched from a random start; when none is and `build`,
    /// a part is made and returned by its holder; zero when that too fails.
    function _pickCore(uint256 seed, bool build) private returns (uint256) {
        uint256 n = partIds.length;
        for (uint256 k; k < n; ++k) {
            uint256 id = partIds[((seed % n) + k) % n];
            if (_models[id].coreState == ICoreRegistry.CoreState.Held) return id;
        }
        if (!build) return 0;
        uint256 partId = make(seed);
        return _returnAs(partId, _models[partId].holder) ? partId : 0;
    }

    /// @dev The unreturned part of the highest generation (zero for none).
    function _deepestUnreturned() private view returns (uint256 best) {
        uint256 n = partIds.length;
        int256 bestGeneration = -1;
        for (uint256 i; i < n; ++i) {
            uint256 id = partIds[i];
            PartModel storage m = _models[id];
            if (m.returns_ == 0 && int256(uint256(m.generation)) > bestGeneration) {
                best = id;
                bestGeneration = int256(uint256(m.generation));
            }
        }
    }

    function _schemes() private pure returns (bytes32[] memory ids) {
        ids = new bytes32[](1);
        ids[0] = SCHEME;
    }
}

/**
 * @notice One core per part life, and bounded lineage: through random sequences of making,
 * passing on, returning (and trying again), grading, remanufacturing and recycling, no part is
 * ever returned twice and a returned part never leaves the core registry; every part's
 * generation is at most {MAX_GENERATION}, its lineage has exactly `generation` entries, and
 * each entry is the predecessor of the one before, one generation down, back to a first part.
 */
contract CoreLifeInvariantTest is CircularFixture {
    uint16 internal constant MAX_GENERATION = 16;

    LifeHandler private handler;

    function setUp() public {
        _deployFixture();
        handler = new LifeHandler(_deployment());
        targetContract(address(handler));
    }

    // ------------------------------------------------------------------------------------------
    // The handler, driven by a fixed pseudo-random sequence: it reaches every action
    // ------------------------------------------------------------------------------------------

    function test_handler_reachesEveryActionWithoutUnexpectedOutcomes() public {
        for (uint256 step; step < 200; ++step) {
            _step(uint256(keccak256(abi.encode("step", step))));
            if (step % 25 == 0) _assertInvariants();
        }
        vm.assertEq(handler.unexpected(), 0, "unexpected");
        for (uint256 k; k <= uint256(type(LifeHandler.Count).max); ++k) {
            vm.assertGt(handler.counts(LifeHandler.Count(k)), 0, "every count reached");
        }
        vm.assertGt(handler.predictedRefusals(), 0, "predicted refusals reached");
        vm.assertEq(uint256(handler.ghostDeepest()), MAX_GENERATION, "a line reached the limit");
        _assertInvariants();
    }

    function _step(uint256 r) private {
        uint256 a = r % 10;
        uint256 s = r >> 8;
        uint256 t = uint256(keccak256(abi.encode(r)));
        if (a == 0) handler.make(s);
        else if (a == 1) handler.transferPart(s, t);
        else if (a == 2) handler.returnPart(s, t);
        else if (a == 3) handler.transferCore(s, t);
        else if (a == 4) handler.grade(s, t);
        else if (a == 5) handler.remanufacture(s);
        else if (a == 6) handler.recycle(s);
        else if (a == 7) handler.warp(t);
        else handler.deepen(s, t);
    }

    // ------------------------------------------------------------------------------------------
    // One core per part life
    // ------------------------------------------------------------------------------------------

    /**
     * @dev A part passed through up to four holders and returned once is refused ever after: to
     * the holder that returned it, to every earlier holder, to each holder the core passes to,
     * and after the core is remanufactured or recycled; the part stays in the core registry.
     */
    function testFuzz_returnedPartNeverYieldsASecondCore(uint256 seed) public {
        address[5] memory actors = handler.actors();
        uint256 hops = seed % 5;
        uint256 partId = _make(oem, SPEC);
        address[] memory holders = new address[](hops + 1);
        holders[0] = oem;
        for (uint256 i; i < hops; ++i) {
            address to = actors[uint256(keccak256(abi.encode(seed, "hop", i))) % 5];
            vm.prank(holders[i]);
            parts.transferFrom(holders[i], to, partId);
            holders[i + 1] = to;
        }
        address returner = holders[hops];
        _return(partId, returner);
        for (uint256 i; i <= hops; ++i) _assertRefused(partId, holders[i]);

        address coreHolder = returner;
        for (uint256 i; i < 3; ++i) {
            address to = actors[uint256(keccak256(abi.encode(seed, "core", i))) % 5];
            vm.prank(coreHolder);
            cores.transferFrom(coreHolder, to, partId);
            coreHolder = to;
            _assertRefused(partId, coreHolder);
        }

        _endCore(partId, coreHolder, (seed >> 128) % 3);
        for (uint256 i; i < 5; ++i) _assertRefused(partId, actors[i]);
        vm.assertEq(parts.ownerOf(partId), address(cores), "the part stays in custody");
    }

    /// @dev An assembly returned whole keeps its children inside: none of them can be returned
    /// as a core of its own, by the assembly's last holder or anyone.
    function testFuzz_assemblyReturnedWhole_childrenNeverBecomeCores(uint256 seed) public {
        uint256 count = 1 + (seed % 3);
        uint256[] memory children = new uint256[](count);
        for (uint256 i; i < count; ++i) children[i] = _make(oem, SPEC);
        vm.prank(oem);
        uint256 assemblyId = parts.makePart(
            SPEC,
            keccak256(abi.encode("assembly", seed)),
            address(0),
            new IPartRegistry.BatchInput[](0),
            children
        );
        address holder = handler.actors()[(seed >> 8) % 5];
        if (holder != oem) {
            vm.prank(oem);
            parts.transferFrom(oem, holder, assemblyId);
        }
        _return(assemblyId, holder);
        vm.assertEq(cores.core(assemblyId).children, count, "returned whole");
        address[5] memory actors = handler.actors();
        for (uint256 i; i < count; ++i) {
            vm.assertEq(parts.parentOf(children[i]), assemblyId, "still inside");
            for (uint256 j; j < 5; ++j) _assertRefused(children[i], actors[j]);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Lineage
    // ------------------------------------------------------------------------------------------

    /**
     * @dev A line remanufactured {MAX_GENERATION} times, each time by the OEM or the licensee
     * (from the seed), has lineage `generation` long at every step, newest first; the next
     * remanufacture is refused naming generation 17 and the limit, and leaves the core held.
     * Each run makes 17 generations (about 90 calls), so it runs 32 times, not 256.
     */
    /// forge-config: default.fuzz.runs = 32
    function testFuzz_lineage_boundedByMaxGeneration(uint256 seed) public {
        vm.prank(oem);
        licences.grantLicence(
            SPEC,
            reman2,
            100,
            1 days,
            uint40(block.timestamp + 365 days),
            IERC20(address(0)),
            0,
            DATA
        );
        uint256[] memory line = new uint256[](MAX_GENERATION + 1);
        line[0] = _make(oem, SPEC);
        address holder = oem;
        for (uint256 g = 1; g <= MAX_GENERATION; ++g) {
            address by = (seed >> g) % 2 == 0 ? oem : reman2;
            line[g] = _remanufactureBy(
                line[g - 1],
                holder,
                by,
                ICoreRegistry.Outcome(1 + ((seed >> (g + 32)) % 3))
            );
            holder = by;
            _assertLineage(line, g);
        }
        uint256 coreId = _return(line[MAX_GENERATION], holder);
        _grade(coreId, ICoreRegistry.Outcome.Remanufacture, 1);
        uint256 next = _make(holder, SPEC);
        vm.expectRevert(
            abi.encodeWithSelector(
                ICoreRegistry.CoreRegistryGenerationLimit.selector,
                MAX_GENERATION + 1,
                MAX_GENERATION
            )
        );
        vm.prank(holder);
        cores.remanufacture(coreId, next, NEW_PART_WARRANTY, TERMS);
        vm.assertEq(
            uint256(cores.core(coreId).state),
            uint256(ICoreRegistry.CoreState.Held),
            "still held"
        );
        vm.assertEq(uint256(cores.linkOf(next).generation), 0, "not linked");
    }

    // ------------------------------------------------------------------------------------------
    // Invariants (the fuzzer calls only `handler`)
    // ------------------------------------------------------------------------------------------

    /**
     * @dev One core per part life: no part was returned twice; a returned part is in the core
     * registry's custody for good, its core in the modelled state and with the modelled holder;
     * a part never returned has no core; core tokens exist exactly for the held cores.
     */
    function invariant_onePartOneCore() public view {
        uint256 n = handler.partCount();
        for (uint256 i; i < n; ++i) {
            uint256 id = handler.partIds(i);
            LifeHandler.PartModel memory m = handler.model(id);
            vm.assertLe(m.returns_, 1, "returned at most once");
            vm.assertEq(parts.ownerOf(id), m.holder, "part holder");
            if (m.returns_ == 0) {
                vm.assertEq(uint256(m.coreState), 0, "no core");
                continue;
            }
            vm.assertEq(m.holder, address(cores), "in custody");
            ICoreRegistry.CoreView memory v = cores.core(id);
            vm.assertEq(uint256(v.state), uint256(m.coreState), "core state");
            vm.assertEq(v.holder, m.coreHolder, "core holder");
            vm.assertEq(v.successor, m.successor, "successor");
        }
        address[5] memory actors = handler.actors();
        uint256 tokens;
        for (uint256 k; k < 5; ++k) tokens += cores.balanceOf(actors[k]);
        vm.assertEq(tokens, handler.ghostHeldCores(), "core tokens = held cores");
    }

    /**
     * @dev Lineage is bounded and chains: every part's generation is at most {MAX_GENERATION},
     * `lineage` has exactly that many entries, the first is the part's predecessor, each next
     * one is the predecessor of the one before at one generation less, the last is a first part
     * (generation 0), and each predecessor's core names its successor.
     */
    function invariant_lineageBoundedAndChained() public view {
        uint256 n = handler.partCount();
        for (uint256 i; i < n; ++i) {
            uint256 id = handler.partIds(i);
            ICoreRegistry.Link memory link = cores.linkOf(id);
            LifeHandler.PartModel memory m = handler.model(id);
            vm.assertLe(uint256(link.generation), MAX_GENERATION, "generation bounded");
            vm.assertEq(uint256(link.generation), uint256(m.generation), "generation");
            vm.assertEq(link.predecessor, m.predecessor, "predecessor");
            _assertChain(id, cores.lineage(id), link.generation);
        }
    }

    function invariant_noUnexpectedOutcomes() public view {
        vm.assertEq(
            handler.unexpected(),
            0,
            string.concat("unexpected outcome in ", handler.lastUnexpectedAction())
        );
    }

    // ------------------------------------------------------------------------------------------
    // Internal
    // ------------------------------------------------------------------------------------------

    function _assertInvariants() private view {
        invariant_onePartOneCore();
        invariant_lineageBoundedAndChained();
        invariant_noUnexpectedOutcomes();
    }

    /// @dev `lineage` of part `id` chains by the stored links, one generation down each step;
    /// the direct predecessor's core was remanufactured into `id` (each further ancestor is
    /// some part's direct predecessor, checked there).
    function _assertChain(uint256 id, uint256[] memory lineage, uint16 generation) private view {
        vm.assertEq(lineage.length, generation, "lineage length = generation");
        uint256 child = id;
        for (uint256 j; j < lineage.length; ++j) {
            vm.assertEq(lineage[j], cores.linkOf(child).predecessor, "chained");
            vm.assertEq(
                uint256(cores.linkOf(lineage[j]).generation),
                generation - 1 - j,
                "one down"
            );
            child = lineage[j];
        }
        if (generation == 0) return;
        ICoreRegistry.CoreView memory v = cores.core(lineage[0]);
        vm.assertEq(uint256(v.state), uint256(ICoreRegistry.CoreState.Remanufactured), "remade");
        vm.assertEq(v.successor, id, "successor");
    }

    /// @dev `holder` returns `partId`; it is graded with `outcome`, handed to `by`, who makes a
    /// new part and remanufactures the core into it.
    function _remanufactureBy(
        uint256 partId,
        address holder,
        address by,
        ICoreRegistry.Outcome outcome
    ) private returns (uint256 newPartId) {
        _return(partId, holder);
        _grade(partId, outcome, 2);
        if (holder != by) {
            vm.prank(holder);
            cores.transferFrom(holder, by, partId);
        }
        newPartId = _make(by, SPEC);
        vm.prank(by);
        cores.remanufacture(partId, newPartId, NEW_PART_WARRANTY, TERMS);
    }

    /// @dev The line `line[0..g]`: part `g`'s lineage is `line[g - 1] .. line[0]`.
    function _assertLineage(uint256[] memory line, uint256 g) private view {
        uint256[] memory lineage = cores.lineage(line[g]);
        vm.assertEq(lineage.length, g, "lineage length");
        for (uint256 j; j < g; ++j) vm.assertEq(lineage[j], line[g - 1 - j], "newest first");
        _assertChain(line[g], lineage, uint16(g));
    }

    /// @dev Leaves core `partId` held (`end` 0), remanufactures it by the OEM (1) or recycles
    /// it (2).
    function _endCore(uint256 partId, address coreHolder, uint256 end) private {
        if (end == 1) {
            _grade(partId, ICoreRegistry.Outcome.Remanufacture, 1);
            vm.prank(coreHolder);
            cores.transferFrom(coreHolder, oem, partId);
            uint256 newPartId = _make(oem, SPEC);
            vm.prank(oem);
            cores.remanufacture(partId, newPartId, NEW_PART_WARRANTY, TERMS);
            vm.assertEq(
                uint256(cores.core(partId).state),
                uint256(ICoreRegistry.CoreState.Remanufactured),
                "remanufactured"
            );
        } else if (end == 2) {
            vm.prank(coreHolder);
            cores.transferFrom(coreHolder, recycler, partId);
            vm.startPrank(recycler);
            bytes32[] memory schemeIds = new bytes32[](1);
            schemeIds[0] = SCHEME;
            uint32 batchId = parts.registerBatch(RECYCLED, 1, UNIT, schemeIds, EVIDENCE);
            cores.recycle(partId, batchId, EVIDENCE);
            vm.stopPrank();
            vm.assertEq(
                uint256(cores.core(partId).state),
                uint256(ICoreRegistry.CoreState.Recycled),
                "recycled"
            );
        }
    }

    function _assertRefused(uint256 partId, address caller) private {
        vm.expectRevert(
            abi.encodeWithSelector(ICoreRegistry.CoreRegistryNotPartHolder.selector, partId, caller)
        );
        vm.prank(caller);
        cores.returnCore(partId, EVIDENCE);
    }
}
