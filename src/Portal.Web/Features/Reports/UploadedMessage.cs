using Portal.Core.Reports;

namespace Portal.Web.Features.Reports;

/// <summary>An .eml the reporter chose, read into memory (at most the configured limit) and parsed.</summary>
public sealed record UploadedMessage(string FileName, byte[] Bytes, ReportEvidence Evidence, SafeMessageBody Body);
