using Portal.Core.Branding;
using Portal.Core.Incidents;

namespace Portal.Web.Features.Setup;

/// <summary>The Development-only incident, modelled on the real case, under the configured (fictional) brand.</summary>
public static class DemoIncident
{
    public const string Slug = "email-addresses-sold-2026";

    public static IncidentDraft Draft(BrandingOptions brand) => new()
    {
        Slug = Slug,
        Title = Text(
            "An employee sold customers' email addresses to a marketplace seller",
            "Un employé a vendu des adresses e-mail de clients à un vendeur de la place de marché"),
        Summary = Text(
            $"""
            On September 22, 2026 we found that one of our employees had given the email addresses of 48,213 of our customers to a third-party seller on our marketplace, and that the seller had paid the employee for them. The employee copied the addresses from our customer service tools between August 3 and September 19, 2026. The seller then used some of them to send advertising emails that customers had not asked for.

            The employee acted without permission and has been dismissed. The seller has been banned from the marketplace. We reported the sale to law enforcement and are supporting its investigation. We have written to every affected customer individually. {brand.CompanyName} is responsible for your data and for this notice.
            """,
            $"""
            Le 22 septembre 2026, nous avons découvert qu'un de nos employés avait remis les adresses e-mail de 48 213 de nos clients à un vendeur tiers de notre place de marché, et que ce vendeur l'avait payé pour les obtenir. L'employé a copié ces adresses depuis nos outils de service client entre le 3 août et le 19 septembre 2026. Le vendeur s'est ensuite servi d'une partie d'entre elles pour envoyer des e-mails publicitaires que les clients n'avaient pas demandés.

            L'employé a agi sans autorisation et a été licencié. Le vendeur a été banni de la place de marché. Nous avons signalé la vente aux forces de l'ordre et soutenons leur enquête. Nous avons écrit individuellement à chaque client concerné. {brand.CompanyName} est responsable de vos données et de cet avis.
            """),
        DataExposed = Text(
            "Email addresses only: for each affected customer, the seller received the address and nothing else.",
            "Uniquement des adresses e-mail : pour chaque client concerné, le vendeur a reçu l'adresse et rien d'autre."),
        DataNotExposed = Text(
            "Passwords, payment card and bank details, postal addresses, phone numbers and order history were not exposed. Nobody gained access to customer accounts.",
            "Les mots de passe, les données de carte et de compte bancaires, les adresses postales, les numéros de téléphone et l'historique des commandes n'ont pas été exposés. Personne n'a accédé aux comptes clients."),
        Advice = Text(
            """
            You do not need to change your password: it was not exposed.

            If you receive an email from a seller you never dealt with, do not reply, click its links or buy from it. Report it on this portal, ideally with the original message, so that we can trace it to the seller and act; you will see what we did about it.

            Our own emails never ask for your password and never contain a sign-in link. Each notice we send carries a reference code that you can check on this portal.
            """,
            """
            Vous n'avez pas besoin de changer votre mot de passe : il n'a pas été exposé.

            Si vous recevez un e-mail d'un vendeur avec lequel vous n'avez jamais été en contact, n'y répondez pas, ne cliquez pas sur ses liens et n'achetez rien. Signalez-le sur ce portail, idéalement avec le message d'origine, pour que nous puissions remonter jusqu'au vendeur et agir ; vous verrez ce que nous en avons fait.

            Nos propres e-mails ne vous demandent jamais votre mot de passe et ne contiennent jamais de lien de connexion. Chaque avis que nous envoyons porte un code de référence que vous pouvez vérifier sur ce portail.
            """),
        OccurredOn = new DateOnly(2026, 8, 3),
        DiscoveredOn = new DateOnly(2026, 9, 22),
        DisclosedOn = new DateOnly(2026, 11, 17),
        ContactEmail = brand.ContactEmail,
        Measures =
        [
            Measure(2026, 9, 23,
                "Removed the employee's access to customer data and stopped any further transfer.",
                "Retrait des accès de l'employé aux données clients et arrêt de tout nouveau transfert."),
            Measure(2026, 9, 24,
                "Notified the data protection authority, within 72 hours of finding out.",
                "Notification à l'autorité de protection des données, dans les 72 heures suivant la découverte."),
            Measure(2026, 9, 25,
                "Suspended the seller's store and blocked its access to the marketplace's messaging tools.",
                "Suspension de la boutique du vendeur et blocage de son accès aux outils de messagerie de la place de marché."),
            Measure(2026, 10, 2,
                "Dismissed the employee.",
                "Licenciement de l'employé."),
            Measure(2026, 10, 6,
                "Banned the seller from the marketplace for good, once our investigation had confirmed the purchase.",
                "Exclusion définitive du vendeur de la place de marché, une fois l'achat confirmé par notre enquête."),
            Measure(2026, 10, 7,
                "Reported the sale to law enforcement; we have handed over our evidence and are supporting the investigation.",
                "Signalement de la vente aux forces de l'ordre ; nous leur avons remis nos preuves et soutenons l'enquête."),
            Measure(2026, 10, 20,
                "Limited exports from our customer service tools: copying customer lists now needs a second person's approval and is logged.",
                "Limitation des exports depuis nos outils de service client : copier des listes de clients exige désormais l'accord d'une seconde personne et est journalisé."),
            Measure(2026, 11, 17,
                "Emailed every affected customer individually and published this notice.",
                "Envoi d'un e-mail individuel à chaque client concerné et publication de cet avis."),
        ],
    };

    private static LocalizedText Text(string en, string fr) => new() { En = en, Fr = fr };

    private static MeasureDraft Measure(int year, int month, int day, string en, string fr) =>
        new() { On = new DateOnly(year, month, day), Description = Text(en, fr) };
}
