namespace Conference.Messaging;

/// <summary>Answer of an ops action (<c>/ops/...</c>): what it did, in numbers (<c>{"action":"relay-outbox","count":3}</c>).</summary>
/// <param name="Action">The action's name.</param>
/// <param name="Count">How many rows, messages or jobs it touched.</param>
public sealed record OpsResult(string Action, int Count);
