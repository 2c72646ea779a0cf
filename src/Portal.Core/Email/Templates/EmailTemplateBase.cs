using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Portal.Core.Email.Templates;

/// <summary>
/// Base of every email template. The composer sets <see cref="Format"/> and <see cref="Subject"/> and renders the
/// template twice, once per format; templates only add their own parameters (links, codes).
/// </summary>
public abstract class EmailTemplateBase : ComponentBase
{
    [Parameter]
    public EmailFormat Format { get; set; }

    [Parameter, EditorRequired]
    public string Subject { get; set; } = "";

    [Parameter]
    public string? RecipientName { get; set; }

    [Inject]
    protected IStringLocalizer<EmailText> L { get; set; } = default!;

    protected string Greeting => string.IsNullOrWhiteSpace(RecipientName)
        ? L["Greeting.Anonymous"]
        : L["Greeting.Named", RecipientName];
}
