using Portal.Benchmarks;
using Portal.Benchmarks.Email;
using Portal.Benchmarks.Exposure;
using Portal.Benchmarks.Notifications;
using Portal.Benchmarks.Reports;

var benchmarks = new Dictionary<string, Func<Task<BenchmarkResult>>>
{
    ["outbox-send"] = OutboxSendBenchmark.RunAsync,
    ["exposure-import"] = ExposureImportBenchmark.RunAsync,
    ["exposure-lookup"] = ExposureLookupBenchmark.RunAsync,
    ["campaign-send"] = CampaignSendBenchmark.RunAsync,
    ["eml-parse"] = EmlParseBenchmark.RunAsync,
};

if (args is not [var name] || !benchmarks.TryGetValue(name, out var run))
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project tests/Portal.Benchmarks -- NAME");
    Console.Error.WriteLine($"benchmarks: {string.Join(", ", benchmarks.Keys)}");
    return 2;
}

Console.WriteLine((await run()).ToLine());
return 0;
