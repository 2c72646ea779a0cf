using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Data;

namespace Portal.Core.Incidents;

/// <summary>Who makes a change, as written into the audit log (null id: the system, e.g. the development seed).</summary>
public sealed record IncidentActor(string? Id, string Name);

/// <summary>
/// Incidents and their public notice. User mistakes come back as <see cref="IncidentError"/>s with nothing stored;
/// every change is written together with its audit entries in one SaveChanges.
/// </summary>
public sealed class IncidentService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public async Task<IReadOnlyList<Incident>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Incidents.AsNoTracking().OrderByDescending(i => i.Id).ToListAsync(cancellationToken);
    }

    public async Task<Incident?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await WithMeasures(db).FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
    }

    public async Task<Incident?> GetBySlugAsync(string slug, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await WithMeasures(db).FirstOrDefaultAsync(i => i.Slug == slug, cancellationToken);
    }

    /// <summary>The notice the public home page shows: the most recently disclosed published incident, if any.</summary>
    public async Task<Incident?> GetPublishedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await WithMeasures(db)
            .Where(i => i.Status == IncidentStatus.Published)
            .OrderByDescending(i => i.DisclosedOn)
            .ThenByDescending(i => i.Id)
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<IncidentResult> CreateAsync(IncidentDraft draft, IncidentActor actor, CancellationToken cancellationToken = default)
    {
        draft = IncidentValidator.Normalize(draft);
        var errors = IncidentValidator.Validate(draft, published: false);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await CheckSlugFreeAsync(db, draft.Slug, exceptId: null, errors, cancellationToken);
        if (errors.Count > 0)
        {
            return IncidentResult.Failed(errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var incident = new Incident { Slug = draft.Slug, Status = IncidentStatus.Draft, CreatedAt = now };
        Apply(incident, draft, now);
        incident.Measures = draft.Measures.Select(m => NewMeasure(m)).ToList();
        db.Incidents.Add(incident);
        Audit(db, actor, now, "incident.create", incident.Slug, $"Created draft \"{incident.Title.En}\" with {incident.Measures.Count} measure(s).");
        return await SaveAsync(db, incident, cancellationToken);
    }

    /// <summary>Replaces the content, measures included (new ones added, missing ones removed); a published incident stays publishable.</summary>
    public async Task<IncidentResult> UpdateAsync(int id, IncidentDraft draft, IncidentActor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var incident = await db.Incidents.Include(i => i.Measures).FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (incident is null)
        {
            return IncidentResult.NotFound();
        }

        draft = IncidentValidator.Normalize(draft);
        var published = incident.Status == IncidentStatus.Published;
        var errors = IncidentValidator.Validate(draft, published);
        if (published && draft.Slug != incident.Slug)
        {
            // Imports, emails and links name a published incident by its slug.
            errors.Add(new(nameof(draft.Slug), IncidentErrorCodes.SlugLocked));
        }

        for (var i = 0; i < draft.Measures.Count; i++)
        {
            if (draft.Measures[i].Id is { } measureId && incident.Measures.All(m => m.Id != measureId))
            {
                errors.Add(new($"Measures[{i}]", IncidentErrorCodes.NotFound));
            }
        }

        await CheckSlugFreeAsync(db, draft.Slug, exceptId: id, errors, cancellationToken);
        if (errors.Count > 0)
        {
            return IncidentResult.Failed(errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var oldSlug = incident.Slug;
        var changed = ChangedFields(incident, draft);
        var measureChanges = SyncMeasures(incident, draft.Measures);
        if (changed.Count == 0 && measureChanges.Count == 0)
        {
            return IncidentResult.Ok(incident);
        }

        Apply(incident, draft, now);
        if (changed.Count > 0)
        {
            var renamed = oldSlug != incident.Slug ? $" (slug was {oldSlug})" : "";
            Audit(db, actor, now, "incident.update", incident.Slug, $"Changed {string.Join(", ", changed)}{renamed}.");
        }

        foreach (var (action, summary) in measureChanges)
        {
            Audit(db, actor, now, action, incident.Slug, summary);
        }

        return await SaveAsync(db, incident, cancellationToken);
    }

    /// <summary>Makes the notice public; refused with the missing fields when it is not complete in both languages.</summary>
    public async Task<IncidentResult> PublishAsync(int id, IncidentActor actor, CancellationToken cancellationToken = default) =>
        await SetStatusAsync(id, IncidentStatus.Published, actor, cancellationToken);

    public async Task<IncidentResult> UnpublishAsync(int id, IncidentActor actor, CancellationToken cancellationToken = default) =>
        await SetStatusAsync(id, IncidentStatus.Draft, actor, cancellationToken);

    private async Task<IncidentResult> SetStatusAsync(int id, IncidentStatus status, IncidentActor actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var incident = await db.Incidents.Include(i => i.Measures).FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (incident is null)
        {
            return IncidentResult.NotFound();
        }

        if (incident.Status == status)
        {
            return IncidentResult.Ok(incident);
        }

        if (status == IncidentStatus.Published && IncidentValidator.ValidateForPublishing(incident) is { Count: > 0 } errors)
        {
            return IncidentResult.Failed(errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        incident.Status = status;
        incident.UpdatedAt = now;
        var (action, summary) = status == IncidentStatus.Published
            ? ("incident.publish", $"Published \"{incident.Title.En}\" on the home page.")
            : ("incident.unpublish", $"Withdrew \"{incident.Title.En}\" from the home page.");
        Audit(db, actor, now, action, incident.Slug, summary);
        return await SaveAsync(db, incident, cancellationToken);
    }

    private static IQueryable<Incident> WithMeasures(PortalDbContext db) =>
        db.Incidents.AsNoTracking().Include(i => i.Measures.OrderBy(m => m.On).ThenBy(m => m.Id));

    private static async Task CheckSlugFreeAsync(PortalDbContext db, string slug, int? exceptId, List<IncidentError> errors, CancellationToken cancellationToken)
    {
        if (errors.Any(e => e.Field == nameof(IncidentDraft.Slug)))
        {
            return;
        }

        if (await db.Incidents.AnyAsync(i => i.Slug == slug && i.Id != exceptId, cancellationToken))
        {
            errors.Add(new(nameof(IncidentDraft.Slug), IncidentErrorCodes.SlugTaken));
        }
    }

    /// <summary>Saves; a slug taken by a concurrent save since the check is the same user mistake, not a crash.</summary>
    private static async Task<IncidentResult> SaveAsync(PortalDbContext db, Incident incident, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            if (await SlugTakenByAnotherAsync(incident, db, cancellationToken))
            {
                return IncidentResult.Failed([new(nameof(IncidentDraft.Slug), IncidentErrorCodes.SlugTaken)]);
            }

            throw;
        }

        incident.Measures = incident.Measures.OrderBy(m => m.On).ThenBy(m => m.Id).ToList();
        return IncidentResult.Ok(incident);
    }

    private static async Task<bool> SlugTakenByAnotherAsync(Incident incident, PortalDbContext db, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        return await db.Incidents.AnyAsync(i => i.Slug == incident.Slug && i.Id != incident.Id, cancellationToken);
    }

    private static void Apply(Incident incident, IncidentDraft draft, DateTime now)
    {
        incident.Slug = draft.Slug;
        incident.Title = IncidentDraft.Copy(draft.Title);
        incident.Summary = IncidentDraft.Copy(draft.Summary);
        incident.DataExposed = IncidentDraft.Copy(draft.DataExposed);
        incident.DataNotExposed = IncidentDraft.Copy(draft.DataNotExposed);
        incident.Advice = IncidentDraft.Copy(draft.Advice);
        incident.OccurredOn = draft.OccurredOn;
        incident.DiscoveredOn = draft.DiscoveredOn;
        incident.DisclosedOn = draft.DisclosedOn;
        incident.ContactEmail = draft.ContactEmail;
        incident.UpdatedAt = now;
    }

    /// <summary>The fields a draft changes, named for the audit summary ("title (FR)", "disclosed date", …).</summary>
    private static List<string> ChangedFields(Incident incident, IncidentDraft draft)
    {
        var changed = new List<string>();
        if (incident.Slug != draft.Slug)
        {
            changed.Add("slug");
        }

        Text("title", incident.Title, draft.Title);
        Text("summary", incident.Summary, draft.Summary);
        Text("data exposed", incident.DataExposed, draft.DataExposed);
        Text("data not exposed", incident.DataNotExposed, draft.DataNotExposed);
        Text("advice", incident.Advice, draft.Advice);
        Value("occurred date", incident.OccurredOn, draft.OccurredOn);
        Value("discovered date", incident.DiscoveredOn, draft.DiscoveredOn);
        Value("disclosed date", incident.DisclosedOn, draft.DisclosedOn);
        Value("contact email", incident.ContactEmail, draft.ContactEmail);
        return changed;

        void Text(string name, LocalizedText before, LocalizedText after)
        {
            Value($"{name} (EN)", before.En, after.En);
            Value($"{name} (FR)", before.Fr, after.Fr);
        }

        void Value<T>(string name, T before, T after)
        {
            if (!EqualityComparer<T>.Default.Equals(before, after))
            {
                changed.Add(name);
            }
        }
    }

    /// <summary>Brings the tracked measures in line with the draft's list and describes each change for the audit log.</summary>
    private static List<(string Action, string Summary)> SyncMeasures(Incident incident, List<MeasureDraft> drafts)
    {
        var changes = new List<(string, string)>();
        var kept = drafts.Where(d => d.Id is not null).Select(d => d.Id!.Value).ToHashSet();
        foreach (var removed in incident.Measures.Where(m => !kept.Contains(m.Id)).ToList())
        {
            incident.Measures.Remove(removed);
            changes.Add(("incident.measure.remove", $"Removed measure of {removed.On:yyyy-MM-dd}: {removed.Description.En}"));
        }

        foreach (var draft in drafts)
        {
            if (draft.Id is null)
            {
                var added = NewMeasure(draft);
                incident.Measures.Add(added);
                changes.Add(("incident.measure.add", $"Added measure of {added.On:yyyy-MM-dd}: {added.Description.En}"));
                continue;
            }

            var measure = incident.Measures.Single(m => m.Id == draft.Id);
            if (measure.On != draft.On || measure.Description.En != draft.Description.En || measure.Description.Fr != draft.Description.Fr)
            {
                measure.On = draft.On!.Value;
                measure.Description = IncidentDraft.Copy(draft.Description);
                changes.Add(("incident.measure.update", $"Changed measure {measure.Id} to {measure.On:yyyy-MM-dd}: {measure.Description.En}"));
            }
        }

        return changes;
    }

    private static IncidentMeasure NewMeasure(MeasureDraft draft) =>
        new() { On = draft.On!.Value, Description = IncidentDraft.Copy(draft.Description) };

    private static void Audit(PortalDbContext db, IncidentActor actor, DateTime now, string action, string slug, string summary) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = now,
            ActorId = actor.Id,
            ActorName = actor.Name,
            Action = action,
            Target = $"incident:{slug}",
            Summary = summary.Length <= 2000 ? summary : summary[..1999] + "…",
        });
}
