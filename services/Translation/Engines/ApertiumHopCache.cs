using System.Collections.Concurrent;

namespace Conference.Translation.Engines;

/// <summary>
/// What Apertium answered for one segment on one hop (<c>fra|spa</c>, <c>spa|eng</c>), kept for
/// <see cref="Lifetime"/> and shared while still in flight. A session in French is translated into
/// Spanish (<c>fra|spa</c>) and into English (<c>fra|spa</c> then <c>spa|eng</c>): with this cache
/// the French→Spanish hop is made once and the English job starts from that same Spanish, whichever
/// job asks first (likewise English→French through Spanish). Apertium is deterministic, so a reused
/// answer is the one a second call would give. Keys are the exact text sent (glossary placeholders
/// included), so a segment protected differently for two languages is not shared. At most
/// <see cref="Capacity"/> answers are kept; a failed call is forgotten at once.
/// </summary>
internal sealed class ApertiumHopCache(TimeProvider time)
{
    /// <summary>How long an answer is reused (long enough for the jobs of one publication).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>Most answers kept (segments of a few hundred sessions).</summary>
    public const int Capacity = 20_000;

    private readonly ConcurrentDictionary<(string Pair, string Text), Entry> _entries = new();

    /// <summary>
    /// The answer for <paramref name="text"/> on <paramref name="pair"/>: a known or in-flight one
    /// (<c>Owner</c> null), or a new promise the caller must fulfil with <see cref="Complete"/> or
    /// <see cref="Fail"/> (<c>Owner</c> set).
    /// </summary>
    public (Task<string> Answer, TaskCompletionSource<string>? Owner) GetOrClaim(string pair, string text)
    {
        var now = time.GetUtcNow();
        var key = (pair, text);
        while (true)
        {
            if (_entries.TryGetValue(key, out var known))
            {
                if (now - known.At < Lifetime)
                {
                    return (known.Promise.Task, null);
                }
                _entries.TryRemove(new KeyValuePair<(string, string), Entry>(key, known));
                continue;
            }
            if (_entries.Count >= Capacity)
            {
                Trim(now);
            }
            var entry = new Entry(new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously), now);
            if (_entries.TryAdd(key, entry))
            {
                return (entry.Promise.Task, entry.Promise);
            }
        }
    }

    /// <summary>Gives the answer to everyone waiting for it, and keeps it.</summary>
    public static void Complete(TaskCompletionSource<string> owner, string answer) => owner.TrySetResult(answer);

    /// <summary>Forgets <paramref name="text"/> (the next caller asks Apertium again) and fails those waiting.</summary>
    public void Fail(string pair, string text, TaskCompletionSource<string> owner, Exception error)
    {
        if (_entries.TryGetValue((pair, text), out var entry) && entry.Promise == owner)
        {
            _entries.TryRemove(new KeyValuePair<(string, string), Entry>((pair, text), entry));
        }
        owner.TrySetException(error);
    }

    private void Trim(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries)
        {
            if (now - entry.At >= Lifetime)
            {
                _entries.TryRemove(new KeyValuePair<(string, string), Entry>(key, entry));
            }
        }
        if (_entries.Count >= Capacity)
        {
            // Still full of recent answers: drop the finished ones; in-flight ones have waiters.
            foreach (var (key, entry) in _entries)
            {
                if (entry.Promise.Task.IsCompleted)
                {
                    _entries.TryRemove(new KeyValuePair<(string, string), Entry>(key, entry));
                }
            }
        }
    }

    private sealed record Entry(TaskCompletionSource<string> Promise, DateTimeOffset At);
}
