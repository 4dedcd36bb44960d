import { describe, expect, it } from "vitest";
import { matchesFilters, matchesPattern, validateFilterPattern } from "#local/event-filter";

/**
 * Lambda's event filtering on DynamoDB stream records (local/event-filter.ts), on the examples of
 * the Lambda developer guide and on what AWS answered LocalStack's parity tests (recorded against
 * AWS): which records reached the function for each pattern.
 */
const record = (newImage: Record<string, unknown>, eventName = "INSERT") => ({
  eventID: "1",
  eventName,
  eventVersion: "1.1",
  eventSource: "aws:dynamodb",
  awsRegion: "eu-central-2",
  dynamodb: {
    ApproximateCreationDateTime: 1_700_000_000,
    Keys: { CustomerName: { S: "AnyCompany Industries" } },
    NewImage: { CustomerName: { S: "AnyCompany Industries" }, ...newImage },
    SequenceNumber: "100000000000000000001",
    SizeBytes: 26,
    StreamViewType: "NEW_AND_OLD_IMAGES",
  },
});

const matches = (pattern: Record<string, unknown>, value: unknown) => {
  validateFilterPattern(pattern);
  return matchesPattern(value, pattern);
};

describe("Lambda event filtering on DynamoDB records", () => {
  it("matches a list of values on a key or an attribute, with its type, and on the event's fields", () => {
    const pattern = { dynamodb: { Keys: { CustomerName: { S: ["AnyCompany Industries"] } } } };
    expect(matches(pattern, record({}))).toBe(true);
    expect(matches({ dynamodb: { Keys: { CustomerName: { S: ["Other"] } } } }, record({}))).toBe(false);
    const managers = {
      dynamodb: { NewImage: { AccountManager: { S: ["Pat Candella", "Shirley Rodriguez"] } } },
    };
    expect(matches(managers, record({ AccountManager: { S: "Shirley Rodriguez" } }))).toBe(true);
    expect(matches(managers, record({ AccountManager: { S: "Someone" } }))).toBe(false);
    // Without the type, the pattern names an object, never equal to a value (AWS: no match).
    expect(
      matches(
        { dynamodb: { NewImage: { AccountManager: ["Pat Candella"] } } },
        record({ AccountManager: { S: "Pat Candella" } }),
      ),
    ).toBe(false);
    expect(matches({ eventName: ["INSERT", "MODIFY"] }, record({}, "MODIFY"))).toBe(true);
    expect(matches({ eventName: ["INSERT"] }, record({}, "REMOVE"))).toBe(false);
  });

  it("prefix, suffix and equals-ignore-case on strings", () => {
    const item = record({ region: { S: "us-1-other-suffix" } });
    expect(matches({ dynamodb: { NewImage: { region: { S: [{ prefix: "us-1" }] } } } }, item)).toBe(true);
    expect(matches({ dynamodb: { NewImage: { region: { S: [{ prefix: "other" }] } } } }, item)).toBe(false);
    expect(matches({ dynamodb: { NewImage: { region: { S: [{ suffix: "-suffix" }] } } } }, item)).toBe(true);
    expect(
      matches(
        { dynamodb: { NewImage: { region: { S: [{ "equals-ignore-case": "US-1-OTHER-SUFFIX" }] } } } },
        item,
      ),
    ).toBe(true);
    expect(
      matches(
        { dynamodb: { NewImage: { region: { S: [{ prefix: { "equals-ignore-case": "US-1" } }] } } } },
        item,
      ),
    ).toBe(true);
  });

  it("exists: on a leaf only (an attribute's typed value), absent when the leaf is", () => {
    const present = record({ presentKey: { S: "presentValue" } });
    const absent = record({});
    const typed = (exists: boolean) => ({ dynamodb: { NewImage: { presentKey: { S: [{ exists }] } } } });
    expect(matches(typed(true), present)).toBe(true);
    expect(matches(typed(true), absent)).toBe(false);
    expect(matches(typed(false), absent)).toBe(true);
    expect(matches(typed(false), present)).toBe(false);
    // On the attribute itself (an object, not a leaf): it "does not exist" either way, as AWS answered.
    const untyped = { dynamodb: { NewImage: { presentKey: [{ exists: false }] } } };
    expect(matches(untyped, present)).toBe(true);
    expect(matches(untyped, absent)).toBe(true);
  });

  it("anything-but: a present value other than those; numeric: on numbers only, never on a DynamoDB N (a string)", () => {
    const notSkipped = { dynamodb: { NewImage: { kind: { S: [{ "anything-but": ["skip", "drop"] }] } } } };
    expect(matches(notSkipped, record({ kind: { S: "mail" } }))).toBe(true);
    expect(matches(notSkipped, record({ kind: { S: "drop" } }))).toBe(false);
    expect(matches(notSkipped, record({}))).toBe(false);
    expect(
      matches(
        { dynamodb: { NewImage: { kind: { S: [{ "anything-but": { prefix: "sk" } }] } } } },
        record({ kind: { S: "skip" } }),
      ),
    ).toBe(false);
    // AWS: 42 passes through anything-but "101", and 101 is no number for numeric (> 100).
    const numeric = {
      dynamodb: { NewImage: { numericFilter: { N: [{ numeric: [">", 100] }, { "anything-but": "101" }] } } },
    };
    expect(matches(numeric, record({ numericFilter: { N: "42" } }))).toBe(true);
    expect(matches(numeric, record({ numericFilter: { N: "101" } }))).toBe(false);
    // ApproximateCreationDateTime is a number.
    expect(matches({ dynamodb: { ApproximateCreationDateTime: [{ numeric: [">", 0] }] } }, record({}))).toBe(
      true,
    );
    expect(matches({ dynamodb: { SizeBytes: [{ numeric: [">=", 10, "<", 26] }] } }, record({}))).toBe(false);
  });

  it("a set matches when one of its members does; $or takes one of its patterns", () => {
    const tags = record({ tags: { SS: ["a", "b"] } });
    expect(matches({ dynamodb: { NewImage: { tags: { SS: ["b"] } } } }, tags)).toBe(true);
    expect(matches({ dynamodb: { NewImage: { tags: { SS: ["c"] } } } }, tags)).toBe(false);
    const either = { $or: [{ eventName: ["REMOVE"] }, { dynamodb: { NewImage: { tags: { SS: ["a"] } } } }] };
    expect(matches(either, tags)).toBe(true);
    expect(matches(either, record({}))).toBe(false);
  });

  it("lets every record through without filters, and one that matches any of several", () => {
    expect(matchesFilters(record({}), [])).toBe(true);
    expect(matchesFilters(record({}, "REMOVE"), [{ eventName: ["INSERT"] }, { eventName: ["REMOVE"] }])).toBe(
      true,
    );
    expect(matchesFilters(record({}, "MODIFY"), [{ eventName: ["INSERT"] }, { eventName: ["REMOVE"] }])).toBe(
      false,
    );
  });

  it("refuses what Lambda refuses: a value not in a list, an unknown operator, an empty pattern", () => {
    for (const pattern of [
      { eventName: "INSERT" },
      { eventName: [{ between: [1, 2] }] },
      {},
      { eventName: [] },
      { dynamodb: { SizeBytes: [{ numeric: ["~", 1] }] } },
    ])
      expect(() => validateFilterPattern(pattern)).toThrow("Invalid filter pattern definition.");
  });
});
