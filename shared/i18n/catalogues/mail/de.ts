import type { MailCatalogue } from "#shared/email-templates/messages";

/**
 * Die Mails auf Deutsch, wie man in der Schweiz schreibt (R-L2): Sie-Form, «…», "ss" statt "ß".
 * Dieselben Schlüssel und Platzhalter wie die englische Vorlage (en.ts).
 */
const german: MailCatalogue = {
  layout: {
    footnote: "Diese Nachricht wurde vom Hosting-Portal verschickt; Antworten darauf werden nicht gelesen.",
    buttonHint: "Falls die Schaltfläche nicht funktioniert, öffnen Sie diesen Link:",
    changeField: "Angabe",
    changeBefore: "Bisher",
    changeAfter: "Neu",
    textBefore: "bisher",
    textAfter: "neu",
    labelled: "{label}: {value}",
  },
  common: {
    greeting: "Guten Tag {firstName}",
    signIn: "Anmelden",
    someone: "Jemand",
    aMember: "einem Mitglied",
    quoted: "«{text}»",
    yourOrganization: "Ihrer Organisation",
    roleLegalRepresentative: "rechtliche Vertretung",
    roleAdministrator: "Administrator/in",
    roleUser: "Benutzer/in",
    typeIndividual: "Einzelperson",
    typeAssociation: "Verein",
    typeCompany: "Unternehmen",
    yes: "ja",
    no: "nein",
    none: "keine",
    removed: "entfernt",
    languageFr: "Französisch",
    languageDe: "Deutsch",
    languageIt: "Italienisch",
    languageEn: "Englisch",
    fieldName: "Name",
    fieldType: "Art",
    fieldPostalAddress: "Postadresse",
    fieldPhone: "Telefon",
    fieldCurrency: "Währung künftiger Rechnungen",
    fieldBillingAddress: "Rechnungsadresse",
    fieldLogo: "Logo",
    fieldLanguage: "Rechnungssprache",
    fieldRole: "Rolle",
    fieldBillingRights: "Rechnungsberechtigung",
    fieldProductAccess: "Zugriff auf Produkte",
    logoImage: "{format}-Bild",
    logoImageSize: "{format}-Bild ({kib} KiB)",
  },
  products: {
    web_hosting: "Webhosting",
    domain: "Domainname",
    mail_service: "E-Mail-Dienst",
    drive: "Online-Speicher",
    backup: "Backup-Speicher",
    cloud_server: "Cloud-Server",
    streaming: "Radio- und Video-Streaming",
    events_tool: "Event- und Ticketing-Tool",
    newsletter: "Newsletter-Tool",
  },
  welcome: {
    subject: "Willkommen bei Ihrem Hosting-Konto",
    title: "Ihr Hosting-Konto ist bereit",
    body: "Ihr Konto und die Organisation «{organizationName}» sind eingerichtet.",
    notYou:
      "Falls Sie sich nicht selbst registriert haben, hat jemand Ihre Adresse verwendet: Übernehmen Sie das Konto unter {resetLink} (ein Link zum Zurücksetzen kommt an diese Adresse) und hinterlegen Sie danach eine eigene Wiederherstellungsadresse.",
  },
  "welcome-invited": {
    subject: "Willkommen bei Ihrem Hosting-Konto",
    title: "Ihr Hosting-Konto ist bereit",
    body: "Ihr Konto ist eingerichtet und Sie sind der Organisation «{organizationName}» beigetreten.",
    signInWith: "Melden Sie sich mit dieser Adresse an.",
  },
  "login-email-change-confirm": {
    subject: "Bestätigen Sie Ihre neue Anmelde-E-Mail-Adresse",
    title: "Bestätigen Sie Ihre neue Anmelde-E-Mail-Adresse",
    asked: "Jemand möchte diese Adresse zur Anmelde-E-Mail-Adresse eines Hosting-Kontos machen.",
    within: "Bitte bestätigen Sie dies innerhalb von {minutes, plural, one {# Minute} other {# Minuten}}.",
    action: "Diese Adresse bestätigen",
    code: "Bestätigungscode",
    notYou: "Falls Sie das nicht waren, ignorieren Sie diese Nachricht: Ohne Bestätigung ändert sich nichts.",
  },
  "login-email-changed": {
    subject: "Ihre Anmelde-E-Mail-Adresse wurde geändert",
    title: "Ihre Anmelde-E-Mail-Adresse wurde geändert",
    body: "Die Anmelde-E-Mail-Adresse Ihres Hosting-Kontos lautet neu <b>{newLoginEmail}</b>. Mit dieser Adresse können Sie sich nicht mehr anmelden.",
    notYou:
      "Falls Sie diese Änderung nicht vorgenommen haben, wenden Sie sich bitte umgehend an den Support.",
  },
  "password-changed": {
    subject: "Ihr Passwort wurde geändert",
    title: "Ihr Passwort wurde geändert",
    body: "Das Passwort Ihres Hosting-Kontos wurde geändert, und Ihre übrigen Sitzungen wurden abgemeldet.",
    notYou:
      "Falls Sie diese Änderung nicht vorgenommen haben, setzen Sie Ihr Passwort zurück und wenden Sie sich an den Support.",
    action: "Passwort zurücksetzen",
  },
  "recovery-email-changed": {
    subject: "Ihre Wiederherstellungsadresse wurde geändert",
    title: "Ihre Wiederherstellungsadresse wurde geändert",
    body: "Die Wiederherstellungsadresse Ihres Hosting-Kontos lautet neu <b>{newRecoveryEmail}</b>.",
    notYou: "Falls Sie diese Änderung nicht vorgenommen haben, wenden Sie sich bitte an den Support.",
  },
  "account-closed": {
    subject: "Ihr Konto wurde geschlossen",
    title: "Ihr Konto wurde geschlossen",
    body: "Ihr Hosting-Konto wurde geschlossen. Vielen Dank, dass Sie bei uns waren.",
    organizationsDeleted:
      "Sie waren das letzte Mitglied von {organizations}: {count, plural, one {Diese Organisation wird} other {Diese Organisationen werden}} jetzt gelöscht. Die bezahlten Rechnungen und eine Bestätigung gehen an Ihre Anmeldeadresse; die Unterlagen werden während der gesetzlichen Aufbewahrungsfrist archiviert.",
  },
  "password-reset": {
    subject: "Setzen Sie Ihr Passwort zurück",
    title: "Passwort zurücksetzen",
    askedLogin:
      "Jemand möchte das Passwort des Hosting-Kontos zurücksetzen, dessen Anmeldeadresse diese Adresse ist.",
    askedRecovery:
      "Jemand möchte das Passwort des Hosting-Kontos zurücksetzen, dessen Wiederherstellungsadresse diese Adresse ist.",
    within:
      "Wählen Sie innerhalb von {minutes, plural, one {# Minute} other {# Minuten}} ein neues Passwort.",
    action: "Neues Passwort wählen",
    once: "Der Link ist nur einmal gültig. Falls Sie das nicht waren, ignorieren Sie diese Nachricht: Ohne Ihr Zutun ändert sich nichts.",
    takeBack:
      "Falls Sie dieses Konto nicht selbst eröffnet haben, können Sie es mit diesem Link auch übernehmen: Legen Sie ein neues Passwort und eine eigene Wiederherstellungsadresse fest.",
  },
  "password-reset-no-account": {
    subject: "Passwort zurücksetzen: Kein Konto verwendet diese Adresse",
    title: "Kein Konto verwendet diese Adresse",
    body: "Jemand möchte das Passwort eines Hosting-Kontos mit dieser Adresse zurücksetzen, aber kein Konto verwendet sie.",
    otherAddress:
      "Falls Sie das waren, haben Sie sich vielleicht mit einer anderen Adresse registriert. Andernfalls ignorieren Sie diese Nachricht.",
  },
  "password-reset-done": {
    subject: "Ihr Passwort wurde zurückgesetzt",
    title: "Ihr Passwort wurde zurückgesetzt",
    body: "Das Passwort Ihres Hosting-Kontos wurde über einen per E-Mail zugestellten Link zurückgesetzt, und alle Sitzungen wurden abgemeldet.",
    notYou: "Falls Sie das nicht waren, setzen Sie es erneut zurück und wenden Sie sich an den Support.",
    action: "Passwort zurücksetzen",
  },
  "paid-invoices": {
    subject: "Bezahlte Rechnungen von {organizationName} ({count})",
    subjectPart: "Bezahlte Rechnungen von {organizationName} ({index}/{parts}, {count})",
    title: "Bezahlte Rechnungen von {organizationName}",
    body: "Wie gewünscht erhalten Sie die bezahlten Rechnungen von {organizationName}. Jede liegt als PDF-Dokument bei.",
    bodyPart:
      "Wie gewünscht erhalten Sie die bezahlten Rechnungen von {organizationName}: {count} in {parts} Nachrichten, dies ist Nachricht {index}. Jede liegt als PDF-Dokument bei.",
    none: "{organizationName} hat noch keine bezahlte Rechnung.",
    invoice: "Rechnung {invoiceId}",
    issued: "Ausgestellt",
    paid: "Bezahlt",
    line: "{description} – {price}",
    description: "{product}: {name}",
    descriptionWithPromoCode: "{product}: {name} (Code {promoCode})",
    descriptionWithFreeOffer: "{product}: {name} (Gratisangebot)",
    lineReduced: "{description} – {price} abzüglich {reduction} = {total}",
    total: "Total",
    action: "Alle Rechnungen ansehen",
  },
  "organization-deleted": {
    subject: "Die Organisation «{organizationName}» wurde gelöscht",
    title: "«{organizationName}» wurde gelöscht",
    body: "Die Organisation «{organizationName}» und ihre Daten wurden am {deletedAt} gelöscht.",
    accountStays:
      "Ihr Benutzerkonto bleibt bestehen: Sie können sich weiterhin anmelden und anderen Organisationen angehören.",
  },
  "member-invitation": {
    subject: "Einladung zu {organizationName}",
    title: "Einladung zu {organizationName}",
    body: "{invitedBy} lädt Sie ein, der Organisation «{organizationName}» als {role} beizutreten.",
    within:
      "Nehmen Sie die Einladung innerhalb von {days, plural, one {# Tag} other {# Tagen}} an, angemeldet mit dieser E-Mail-Adresse (eröffnen Sie damit ein Konto, falls Sie noch keines haben).",
    action: "Einladung annehmen",
    once: "Der Link ist nur einmal gültig. Falls Sie diese Einladung nicht erwartet haben, ignorieren Sie diese Nachricht.",
  },
  "membership-changed": {
    subject: "Ihre Rechte bei {organizationName} wurden geändert",
    title: "Ihre Rechte bei {organizationName} wurden geändert",
    body: "{changedBy} hat Ihre Rechte in der Organisation «{organizationName}» geändert:",
    change: "{field}: {before} → {after}",
    action: "Ihre Rechte ansehen",
  },
  "member-removed": {
    subject: "Sie wurden aus {organizationName} entfernt",
    title: "Sie wurden aus {organizationName} entfernt",
    body: "{removedBy} hat Sie aus der Organisation «{organizationName}» entfernt. Sie haben keinen Zugriff mehr auf deren Produkte.",
    held: "Ihre Daten in der Organisation:",
    handedTo: "{kind}: an {person} übergeben",
    deleted: "{kind}: gelöscht",
    deletedItems: "{kind}: {count, plural, one {# Element} other {# Elemente}} gelöscht",
    anotherMember: "ein anderes Mitglied",
    kindDrive: "Dateien im Online-Speicher",
    kindMailboxAccess: "Zugriff auf Postfächer anderer Mitglieder",
    kindCalendars: "Kalender",
    kindAddressBooks: "Adressbücher",
    noOrganizationLeft:
      "Ihr Benutzerkonto bleibt bestehen, ohne Organisation: Melden Sie sich an, um eine eigene zu gründen, treten Sie einer anderen bei, wenn Sie eingeladen werden, oder schliessen Sie das Konto.",
    otherOrganizations: "Ihr Benutzerkonto bleibt mit Ihren übrigen Organisationen bestehen.",
  },
  "organization-changed": {
    subject: "Die Angaben von {organizationName} wurden geändert",
    title: "Die Angaben von {organizationName} wurden geändert",
    body: "{changedBy} hat die Angaben der Organisation «{organizationName}» geändert:",
    why: "Sie erhalten diese Nachricht als rechtliche Vertretung der Organisation.",
    action: "Organisation prüfen",
    notExpected:
      "Falls Sie diese Änderung nicht erwartet haben, wenden Sie sich an die anderen rechtlichen Vertreterinnen und Vertreter oder an den Support.",
  },
  "termination-confirm": {
    subject: "Bestätigen Sie die Kündigung von {productName}",
    title: "Bestätigen Sie die Kündigung von {productName}",
    asked: "Sie haben die Kündigung des Produkts «{productName}» von {organizationName} beantragt.",
    consequences:
      "Mit der Kündigung wird das Produkt eingestellt und seine Sicherungen werden endgültig gelöscht; offene und nicht im Paket enthaltene Gebühren bleiben geschuldet.",
    within: "Bitte bestätigen Sie dies innerhalb von {minutes, plural, one {# Minute} other {# Minuten}}.",
    action: "Kündigung bestätigen",
    notYou:
      "Falls Sie das nicht beantragt haben, ignorieren Sie diese Nachricht: Ohne Ihre Bestätigung wird nichts gekündigt.",
  },
  "product-terminated": {
    subject: "{productName} wurde gekündigt",
    title: "{productName} wurde gekündigt",
    body: "Das Produkt «{productName}» von {organizationName} wurde am {terminatedAt} auf Wunsch von {requestedBy} gekündigt.",
    backups:
      "Seine Sicherungen werden ab dem {backupPurgeAt} endgültig gelöscht; danach lassen sie sich nicht mehr wiederherstellen.",
    charges:
      "Offene und nicht im Paket enthaltene Gebühren bleiben auf den jeweiligen Rechnungen geschuldet.",
    action: "Ihre Produkte ansehen",
  },
};

export default german;
