namespace Conference.Contracts;

/// <summary>
/// The one rule for a session's capacity, wherever it is set: a whole number of seats from
/// <see cref="Min"/> to <see cref="Max"/>. Catalog applies it to <c>capacity</c> on create, PATCH
/// and card import; Registration to <c>PUT /api/v1/sessions/{id}/capacity</c>, which also refuses a
/// capacity below the confirmed seats. A session of 0 seats would take no one: it is cancelled instead.
/// </summary>
public static class SessionCapacity
{
    /// <summary>Fewest seats a session may have.</summary>
    public const int Min = 1;

    /// <summary>Most seats a session may have.</summary>
    public const int Max = 1_000_000;

    /// <summary>The rule as problem messages state it: "a whole number of seats from 1 to 1000000".</summary>
    public static string Rule { get; } = $"a whole number of seats from {Min} to {Max}";

    /// <summary>Whether <paramref name="seats"/> is within <see cref="Min"/>..<see cref="Max"/>.</summary>
    public static bool IsValid(int seats) => seats is >= Min and <= Max;
}
