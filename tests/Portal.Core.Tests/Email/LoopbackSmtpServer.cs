using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Portal.Core.Tests.Email;

/// <summary>
/// A real SMTP server (the SmtpServer package) on 127.0.0.1 with a port chosen by the system, keeping what arrives.
/// Shared by the outbox tests and the benchmarks (linked, not copied).
/// </summary>
public sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private readonly SmtpServer.SmtpServer _server;
    private readonly Task _running;
    private readonly Sink _sink;

    private LoopbackSmtpServer(SmtpServer.SmtpServer server, Task running, Sink sink, int port)
    {
        _server = server;
        _running = running;
        _sink = sink;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Messages accepted so far.</summary>
    public int ReceivedCount => _sink.Count;

    /// <summary>What arrived, parsed, in order of arrival (empty when started without keeping messages).</summary>
    public IReadOnlyList<MimeMessage> Messages => [.. _sink.Raw.Select(raw => MimeMessage.Load(new MemoryStream(raw)))];

    /// <summary>
    /// Answer for a RCPT TO address: a refusal, or null to accept; a 421 refusal also closes the connection, as
    /// that code announces. Settable while running.
    /// </summary>
    public Func<string, SmtpResponse?> RecipientAnswer
    {
        get => _sink.RecipientAnswer;
        set => _sink.RecipientAnswer = value;
    }

    /// <param name="keepMessages">False for throughput runs: only count what arrives.</param>
    /// <param name="port">0 for one the system chooses; a fixed port to bring a stopped server back where it was.</param>
    public static async Task<LoopbackSmtpServer> StartAsync(bool keepMessages = true, int port = 0)
    {
        var sink = new Sink(keepMessages);
        var listeners = new NoDelayListenerFactory();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("loopback.test")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(listeners);
        services.Add((IMessageStore)sink);
        services.Add((IMailboxFilter)sink);
        var server = new SmtpServer.SmtpServer(options, services);
        var running = server.StartAsync(CancellationToken.None);
        var bound = await listeners.Bound.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return new LoopbackSmtpServer(server, running, sink, bound.Port);
    }

    /// <summary>A port nothing listens on (bound, read and released), for "server down".</summary>
    public static int UnusedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _server.Shutdown();
        await _server.ShutdownTask.WaitAsync(TimeSpan.FromSeconds(10));
        await _running.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private sealed class Sink(bool keepMessages) : MessageStore, IMailboxFilter
    {
        private int _count;

        public ConcurrentQueue<byte[]> Raw { get; } = new();

        public int Count => Volatile.Read(ref _count);

        public Func<string, SmtpResponse?> RecipientAnswer { get; set; } = _ => null;

        public override Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (keepMessages)
            {
                Raw.Enqueue(buffer.ToArray());
            }

            Interlocked.Increment(ref _count);
            return Task.FromResult(SmtpResponse.Ok);
        }

        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) =>
            Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            RecipientAnswer($"{to.User}@{to.Host}") is { } refusal
                ? throw new SmtpResponseException(refusal, quit: refusal.ReplyCode == SmtpReplyCode.ServiceUnavailable)
                : Task.FromResult(true);
    }

    /// <summary>
    /// SmtpServer's own listener leaves Nagle on; its small replies to MailKit's pipelined commands then wait for
    /// delayed ACKs (~40 ms each). Accepted sockets here set NoDelay, so the sink is as fast as a real relay.
    /// </summary>
    private sealed class NoDelayListenerFactory : IEndpointListenerFactory
    {
        public TaskCompletionSource<IPEndPoint> Bound { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
        {
            var listener = new TcpListener(endpointDefinition.Endpoint);
            listener.Start();
            Bound.TrySetResult((IPEndPoint)listener.LocalEndpoint);
            return new NoDelayListener(listener);
        }
    }

    private sealed class NoDelayListener(TcpListener listener) : IEndpointListener
    {
        public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            var client = await listener.AcceptTcpClientAsync(cancellationToken);
            client.NoDelay = true;
            return new PlainPipe(client);
        }

        public void Dispose() => listener.Stop();
    }

    private sealed class PlainPipe : ISecurableDuplexPipe
    {
        private readonly TcpClient _client;

        public PlainPipe(TcpClient client)
        {
            _client = client;
            var stream = client.GetStream();
            Input = PipeReader.Create(stream);
            Output = PipeWriter.Create(stream);
        }

        public PipeReader Input { get; }

        public PipeWriter Output { get; }

        public bool IsSecure => false;

        public SslProtocols SslProtocol => SslProtocols.None;

        /// <summary>Never called: without a certificate the server does not offer STARTTLS.</summary>
        public Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The loopback sink has no certificate.");

        public void Dispose() => _client.Dispose();
    }
}
