using Portal.E2E.Infrastructure;
using Xunit.Sdk;
using Xunit.v3;

// One browser for the run; the test classes take turns, each with its own portal (2 cores, one Chromium).
[assembly: AssemblyFixture(typeof(BrowserFixture))]
[assembly: Parallelization(Mode = ParallelMode.None)]
