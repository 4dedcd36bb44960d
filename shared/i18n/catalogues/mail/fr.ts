import type { MailCatalogue } from "#shared/email-templates/messages";

/**
 * Les mails en français, tels qu’on les écrit en Suisse romande (R-L2) : vouvoiement,
 * guillemets « … », apostrophe typographique (’, qui n’est pas un caractère spécial d’ICU).
 * Mêmes clés et mêmes paramètres que le modèle anglais (en.ts).
 */
const french: MailCatalogue = {
  layout: {
    footnote:
      "Ce message a été envoyé par le portail d’hébergement ; les réponses à ce message ne sont pas lues.",
    buttonHint: "Si le bouton ne fonctionne pas, ouvrez ce lien :",
    changeField: "Élément",
    changeBefore: "Avant",
    changeAfter: "Après",
    textBefore: "avant",
    textAfter: "après",
    labelled: "{label} : {value}",
  },
  common: {
    greeting: "Bonjour {firstName},",
    signIn: "Se connecter",
    someone: "Quelqu’un",
    aMember: "l’un des membres",
    quoted: "« {text} »",
    yourOrganization: "votre organisation",
    roleLegalRepresentative: "représentant légal",
    roleAdministrator: "administrateur",
    roleUser: "utilisateur",
    typeIndividual: "personne physique",
    typeAssociation: "association",
    typeCompany: "entreprise",
    yes: "oui",
    no: "non",
    none: "aucun",
    removed: "supprimée",
    languageFr: "français",
    languageDe: "allemand",
    languageIt: "italien",
    languageEn: "anglais",
    fieldName: "nom",
    fieldType: "forme",
    fieldPostalAddress: "adresse postale",
    fieldPhone: "téléphone",
    fieldCurrency: "monnaie des prochaines factures",
    fieldBillingAddress: "adresse de facturation",
    fieldLogo: "logo",
    fieldLanguage: "langue de facturation",
    fieldRole: "rôle",
    fieldBillingRights: "droits de facturation",
    fieldProductAccess: "accès aux produits",
    logoImage: "image {format}",
    logoImageSize: "image {format} ({kib} Kio)",
  },
  products: {
    web_hosting: "Hébergement web",
    domain: "Nom de domaine",
    mail_service: "Service de messagerie",
    drive: "Stockage en ligne",
    backup: "Espace de sauvegarde",
    cloud_server: "Serveur cloud",
    streaming: "Streaming radio et vidéo",
    events_tool: "Outil d’événements et de billetterie",
    newsletter: "Outil de newsletter",
  },
  welcome: {
    subject: "Bienvenue dans votre compte d’hébergement",
    title: "Votre compte d’hébergement est prêt",
    body: "Votre compte et l’organisation « {organizationName} » sont prêts.",
    notYou:
      "Si vous n’avez pas créé ce compte vous-même, quelqu’un a utilisé votre adresse : reprenez le compte sur {resetLink} (un lien de réinitialisation sera envoyé à cette adresse), puis définissez votre propre adresse de récupération.",
  },
  "welcome-invited": {
    subject: "Bienvenue dans votre compte d’hébergement",
    title: "Votre compte d’hébergement est prêt",
    body: "Votre compte est prêt et vous avez rejoint l’organisation « {organizationName} ».",
    signInWith: "Connectez-vous avec cette adresse.",
  },
  "login-email-change-confirm": {
    subject: "Confirmez votre nouvelle adresse de connexion",
    title: "Confirmez votre nouvelle adresse de connexion",
    asked: "Quelqu’un a demandé que cette adresse devienne l’adresse de connexion d’un compte d’hébergement.",
    within: "Veuillez confirmer dans les {minutes, plural, one {# minute} other {# minutes}}.",
    action: "Confirmer cette adresse",
    code: "Code de confirmation",
    notYou:
      "Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : rien ne change sans confirmation.",
  },
  "login-email-changed": {
    subject: "Votre adresse de connexion a été modifiée",
    title: "Votre adresse de connexion a été modifiée",
    body: "L’adresse de connexion de votre compte d’hébergement est désormais <b>{newLoginEmail}</b>. Cette adresse-ci ne permet plus de se connecter.",
    notYou: "Si vous n’avez pas effectué cette modification, contactez immédiatement le support.",
  },
  "password-changed": {
    subject: "Votre mot de passe a été modifié",
    title: "Votre mot de passe a été modifié",
    body: "Le mot de passe de votre compte d’hébergement a été modifié et vos autres sessions ont été fermées.",
    notYou:
      "Si vous n’avez pas effectué cette modification, réinitialisez votre mot de passe et contactez le support.",
    action: "Réinitialiser le mot de passe",
  },
  "recovery-email-changed": {
    subject: "Votre adresse de récupération a été modifiée",
    title: "Votre adresse de récupération a été modifiée",
    body: "L’adresse de récupération de votre compte d’hébergement est désormais <b>{newRecoveryEmail}</b>.",
    notYou: "Si vous n’avez pas effectué cette modification, contactez le support.",
  },
  "account-closed": {
    subject: "Votre compte a été fermé",
    title: "Votre compte a été fermé",
    body: "Votre compte d’hébergement a été fermé. Merci de la confiance que vous nous avez accordée.",
    organizationsDeleted:
      "Vous étiez le dernier membre de {organizations} : {count, plural, one {cette organisation est} other {ces organisations sont}} en cours de suppression. Les factures payées et une confirmation vous parviendront à votre adresse de connexion ; les données sont archivées pendant la durée de conservation légale.",
  },
  "password-reset": {
    subject: "Réinitialisez votre mot de passe",
    title: "Réinitialiser votre mot de passe",
    askedLogin:
      "Quelqu’un a demandé la réinitialisation du mot de passe du compte d’hébergement dont ceci est l’adresse de connexion.",
    askedRecovery:
      "Quelqu’un a demandé la réinitialisation du mot de passe du compte d’hébergement dont ceci est l’adresse de récupération.",
    within:
      "Choisissez un nouveau mot de passe dans les {minutes, plural, one {# minute} other {# minutes}}.",
    action: "Choisir un nouveau mot de passe",
    once: "Le lien ne fonctionne qu’une fois. Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : rien ne change sans votre intervention.",
    takeBack:
      "Si vous n’avez pas ouvert ce compte vous-même, ce lien vous permet aussi de le reprendre : définissez un nouveau mot de passe et votre propre adresse de récupération.",
  },
  "password-reset-no-account": {
    subject: "Réinitialisation du mot de passe : aucun compte n’utilise cette adresse",
    title: "Aucun compte n’utilise cette adresse",
    body: "Quelqu’un a demandé la réinitialisation du mot de passe d’un compte d’hébergement avec cette adresse, mais aucun compte ne l’utilise.",
    otherAddress:
      "Si c’était vous, vous avez peut-être utilisé une autre adresse lors de l’inscription. Sinon, ignorez ce message.",
  },
  "password-reset-done": {
    subject: "Votre mot de passe a été réinitialisé",
    title: "Votre mot de passe a été réinitialisé",
    body: "Le mot de passe de votre compte d’hébergement a été réinitialisé au moyen d’un lien envoyé par e-mail, et toutes les sessions ont été fermées.",
    notYou:
      "Si vous n’êtes pas à l’origine de cette opération, réinitialisez-le à nouveau et contactez le support.",
    action: "Réinitialiser le mot de passe",
  },
  "paid-invoices": {
    subject: "Factures payées – {organizationName} ({count})",
    subjectPart: "Factures payées – {organizationName} ({index}/{parts}, {count})",
    title: "Factures payées – {organizationName}",
    body: "Voici, comme demandé, les factures payées de l’organisation « {organizationName} ». Chacune est jointe en document PDF.",
    bodyPart:
      "Voici, comme demandé, les factures payées de l’organisation « {organizationName} » : {count} en {parts} messages, ceci est le message {index}. Chacune est jointe en document PDF.",
    none: "L’organisation « {organizationName} » n’a encore aucune facture payée.",
    invoice: "Facture {invoiceId}",
    issued: "Émise le",
    paid: "Payée le",
    line: "{description} – {price}",
    description: "{product} : {name}",
    descriptionWithPromoCode: "{product} : {name} (code {promoCode})",
    descriptionWithFreeOffer: "{product} : {name} (offre gratuite)",
    lineReduced: "{description} – {price} moins {reduction} = {total}",
    total: "Total",
    action: "Voir toutes vos factures",
  },
  "organization-deleted": {
    subject: "L’organisation « {organizationName} » a été supprimée",
    title: "« {organizationName} » a été supprimée",
    body: "L’organisation « {organizationName} » et ses données ont été supprimées le {deletedAt}.",
    accountStays:
      "Votre compte utilisateur est conservé : vous pouvez toujours vous connecter et faire partie d’autres organisations.",
  },
  "member-invitation": {
    subject: "Invitation à rejoindre {organizationName}",
    title: "Invitation à rejoindre {organizationName}",
    body: "{invitedBy} vous invite à rejoindre l’organisation « {organizationName} » (rôle : {role}).",
    within:
      "Acceptez dans les {days, plural, one {# jour} other {# jours}}, en vous connectant avec cette adresse e-mail (créez un compte avec elle si vous n’en avez pas).",
    action: "Accepter l’invitation",
    once: "Le lien ne fonctionne qu’une fois. Si vous n’attendiez pas cette invitation, ignorez ce message.",
  },
  "membership-changed": {
    subject: "Vos droits dans {organizationName} ont changé",
    title: "Vos droits dans {organizationName} ont changé",
    body: "{changedBy} a modifié vos droits dans l’organisation « {organizationName} » :",
    change: "{field} : {before} → {after}",
    action: "Voir vos droits",
  },
  "member-removed": {
    subject: "Vous ne faites plus partie de l’organisation « {organizationName} »",
    title: "Vous ne faites plus partie de l’organisation « {organizationName} »",
    body: "{removedBy} a mis fin à votre appartenance à l’organisation « {organizationName} ». Vous n’avez plus accès à ses produits.",
    held: "Vos données dans l’organisation :",
    handedTo: "{kind} : transmis à {person}",
    deleted: "{kind} : supprimés",
    deletedItems: "{kind} : {count, plural, one {# élément supprimé} other {# éléments supprimés}}",
    anotherMember: "un autre membre",
    kindDrive: "fichiers du stockage",
    kindMailboxAccess: "accès aux boîtes aux lettres d’autres membres",
    kindCalendars: "agendas",
    kindAddressBooks: "carnets d’adresses",
    noOrganizationLeft:
      "Votre compte utilisateur reste ouvert, sans organisation : connectez-vous pour créer la vôtre, rejoignez-en une autre sur invitation ou fermez le compte.",
    otherOrganizations: "Votre compte utilisateur reste ouvert, avec vos autres organisations.",
  },
  "organization-changed": {
    subject: "Les informations de l’organisation « {organizationName} » ont été modifiées",
    title: "Les informations de l’organisation « {organizationName} » ont été modifiées",
    body: "{changedBy} a modifié les informations de l’organisation « {organizationName} » :",
    why: "Vous recevez ce message en tant que représentant légal de l’organisation.",
    action: "Vérifier l’organisation",
    notExpected:
      "Si vous ne vous attendiez pas à cette modification, contactez les autres représentants légaux ou le support.",
  },
  "termination-confirm": {
    subject: "Confirmez la résiliation du produit « {productName} »",
    title: "Confirmez la résiliation du produit « {productName} »",
    asked:
      "Vous avez demandé la résiliation du produit « {productName} » de l’organisation « {organizationName} ».",
    consequences:
      "La résiliation arrête le produit et supprime définitivement ses sauvegardes ; les frais ouverts et hors forfait restent dus.",
    within: "Veuillez confirmer dans les {minutes, plural, one {# minute} other {# minutes}}.",
    action: "Confirmer la résiliation",
    notYou: "Si vous n’avez rien demandé, ignorez ce message : rien n’est résilié sans votre confirmation.",
  },
  "product-terminated": {
    subject: "{productName} a été résilié",
    title: "{productName} a été résilié",
    body: "Le produit « {productName} » de l’organisation « {organizationName} » a été résilié le {terminatedAt}, à la demande de {requestedBy}.",
    backups:
      "Ses sauvegardes seront définitivement supprimées à partir du {backupPurgeAt} ; elles ne pourront plus être restaurées ensuite.",
    charges: "Les frais ouverts et hors forfait restent dus sur leurs factures.",
    action: "Voir vos produits",
  },
};

export default french;
