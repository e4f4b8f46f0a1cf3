namespace Conference.Bench.Stack;

/// <summary>
/// Reads and checks in the bench's PostgreSQL with <c>psql</c> (the bench measures the services from
/// outside; it reads their databases only to check what they wrote). Databases carry the run's
/// prefix: <c>bench_registration</c>, <c>bench_notification</c>, ...
/// </summary>
internal static class Sql
{
    public const string Prefix = "bench_";

    public static string Db(string service) => Prefix + service;

    /// <summary>Runs SQL; returns the output (tab-separated, unaligned). Throws on an error.</summary>
    public static async Task<string> RunAsync(string database, string sql)
    {
        // A long statement (a check naming thousands of registrations) goes through a file: the
        // command line has a size limit ("Argument list too long").
        var file = sql.Length > 16_000 ? Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}.sql") : null;
        if (file is not null)
        {
            await File.WriteAllTextAsync(file, sql);
        }
        try
        {
            var (code, output, error) = await Shell.RunAsync("psql",
                ["-h", "127.0.0.1", "-p", Servers.PostgresPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres",
                 "-d", database, "-v", "ON_ERROR_STOP=1", "-qAt", "-F", "\t", file is null ? "-c" : "-f", file ?? sql],
                timeout: TimeSpan.FromMinutes(2));
            if (code != 0)
            {
                throw new InvalidOperationException($"psql on {database}: {error.Trim()}");
            }
            return output.Trim();
        }
        finally
        {
            if (file is not null)
            {
                File.Delete(file);
            }
        }
    }

    public static async Task<long> LongAsync(string database, string sql)
    {
        var text = await RunAsync(database, sql);
        return string.IsNullOrEmpty(text) ? 0 : long.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Drops every database a previous bench run left (prefix <see cref="Prefix"/>, and the pgbench baseline).</summary>
    public static async Task DropBenchDatabasesAsync()
    {
        var names = await RunAsync("postgres", $"SELECT datname FROM pg_database WHERE datname LIKE '{Prefix}%' OR datname = 'baseline'");
        foreach (var name in names.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await RunAsync("postgres", $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }
}
