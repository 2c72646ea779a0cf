using Portal.Benchmarks;
using Portal.Benchmarks.Email;
using Portal.Benchmarks.Exposure;
using Portal.Benchmarks.Notifications;
using Portal.Benchmarks.Reports;
using Portal.Benchmarks.Triage;

var benchmarks = new Dictionary<string, Func<Task<BenchmarkResult>>>
{
    ["outbox-send"] = OutboxSendBenchmark.RunAsync,
    ["exposure-import"] = ExposureImportBenchmark.RunAsync,
    ["exposure-lookup"] = ExposureLookupBenchmark.RunAsync,
    ["campaign-send"] = CampaignSendBenchmark.RunAsync,
    ["eml-parse"] = EmlParseBenchmark.RunAsync,
    ["triage-queue"] = TriageQueueBenchmark.RunAsync,
};

// seed-reports and triage-queue take an optional --count N and --database PATH (default: a file in the temp folder).
if (args is [var verb and ("seed-reports" or "triage-queue"), .. var options] && (options.Length > 0 || verb == "seed-reports"))
{
    var count = Option(options, "--count") is { } text ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : TriageQueueBenchmark.DefaultCount;
    var database = Option(options, "--database") ?? TriageQueueBenchmark.DefaultDatabase;
    if (verb == "seed-reports")
    {
        var seconds = await ReportSeeder.EnsureAsync(database, count);
        Console.WriteLine(seconds == 0 ? $"{database} already holds {count} reports." : $"Seeded {count} reports into {database} in {seconds:F1} s.");
        return 0;
    }

    Console.WriteLine((await TriageQueueBenchmark.RunAsync(database, count)).ToLine());
    return 0;
}

if (args is not [var name] || !benchmarks.TryGetValue(name, out var run))
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project tests/Portal.Benchmarks -- NAME");
    Console.Error.WriteLine($"benchmarks: {string.Join(", ", benchmarks.Keys)}");
    Console.Error.WriteLine("       seed-reports|triage-queue [--count N] [--database PATH]");
    return 2;
}

Console.WriteLine((await run()).ToLine());
return 0;

static string? Option(string[] options, string name) =>
    Array.IndexOf(options, name) is var at and >= 0 && at + 1 < options.Length ? options[at + 1] : null;
