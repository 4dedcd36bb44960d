import type { MailCatalogue } from "#shared/email-templates/messages";

/**
 * Le mail in italiano, come si scrivono nella Svizzera italiana (R-L2): forma di cortesia (Lei),
 * virgolette «…», apostrofo tipografico (’, che per ICU non è un carattere speciale).
 * Stesse chiavi e stessi segnaposto del modello inglese (en.ts).
 */
const italian: MailCatalogue = {
  layout: {
    footnote: "Questo messaggio è stato inviato dal portale di hosting; le risposte non vengono lette.",
    buttonHint: "Se il pulsante non funziona, apra questo link:",
    changeField: "Dato",
    changeBefore: "Prima",
    changeAfter: "Dopo",
    textBefore: "prima",
    textAfter: "dopo",
    labelled: "{label}: {value}",
  },
  common: {
    greeting: "Buongiorno {firstName},",
    signIn: "Accedi",
    someone: "Qualcuno",
    aMember: "un membro",
    quoted: "«{text}»",
    yourOrganization: "la Sua organizzazione",
    roleLegalRepresentative: "rappresentante legale",
    roleAdministrator: "amministratore",
    roleUser: "utente",
    typeIndividual: "persona fisica",
    typeAssociation: "associazione",
    typeCompany: "impresa",
    yes: "sì",
    no: "no",
    none: "nessuno",
    removed: "rimosso",
    languageFr: "francese",
    languageDe: "tedesco",
    languageIt: "italiano",
    languageEn: "inglese",
    fieldName: "nome",
    fieldType: "forma",
    fieldPostalAddress: "indirizzo postale",
    fieldPhone: "telefono",
    fieldCurrency: "valuta delle prossime fatture",
    fieldBillingAddress: "indirizzo di fatturazione",
    fieldLogo: "logo",
    fieldLanguage: "lingua di fatturazione",
    fieldRole: "ruolo",
    fieldBillingRights: "diritti di fatturazione",
    fieldProductAccess: "accesso ai prodotti",
    logoImage: "immagine {format}",
    logoImageSize: "immagine {format} ({kib} KiB)",
  },
  welcome: {
    subject: "Benvenuto nel Suo account di hosting",
    title: "Il Suo account di hosting è pronto",
    body: "Il Suo account e l’organizzazione «{organizationName}» sono pronti.",
    notYou:
      "Se non ha effettuato Lei la registrazione, qualcuno ha usato il Suo indirizzo: riprenda l’account su {resetLink} (un link di reimpostazione arriverà a questo indirizzo), poi imposti un indirizzo di recupero proprio.",
  },
  "welcome-invited": {
    subject: "Benvenuto nel Suo account di hosting",
    title: "Il Suo account di hosting è pronto",
    body: "Il Suo account è pronto e ora fa parte dell’organizzazione «{organizationName}».",
    signInWith: "Acceda con questo indirizzo.",
  },
  "login-email-change-confirm": {
    subject: "Confermi il Suo nuovo indirizzo di accesso",
    title: "Confermi il Suo nuovo indirizzo di accesso",
    asked: "Qualcuno ha chiesto di fare di questo indirizzo l’indirizzo di accesso di un account di hosting.",
    within: "La preghiamo di confermare entro {minutes, plural, one {# minuto} other {# minuti}}.",
    action: "Conferma questo indirizzo",
    code: "Codice di conferma",
    notYou: "Se non è stato Lei, ignori questo messaggio: senza conferma non cambia nulla.",
  },
  "login-email-changed": {
    subject: "Il Suo indirizzo di accesso è stato modificato",
    title: "Il Suo indirizzo di accesso è stato modificato",
    body: "L’indirizzo di accesso del Suo account di hosting è ora <b>{newLoginEmail}</b>. Con questo indirizzo non è più possibile accedere.",
    notYou: "Se non ha effettuato Lei questa modifica, contatti subito l’assistenza.",
  },
  "password-changed": {
    subject: "La Sua password è stata modificata",
    title: "La Sua password è stata modificata",
    body: "La password del Suo account di hosting è stata modificata e le Sue altre sessioni sono state chiuse.",
    notYou: "Se non ha effettuato Lei questa modifica, reimposti la password e contatti l’assistenza.",
    action: "Reimposta la password",
  },
  "recovery-email-changed": {
    subject: "Il Suo indirizzo di recupero è stato modificato",
    title: "Il Suo indirizzo di recupero è stato modificato",
    body: "L’indirizzo di recupero del Suo account di hosting è ora <b>{newRecoveryEmail}</b>.",
    notYou: "Se non ha effettuato Lei questa modifica, contatti l’assistenza.",
  },
  "account-closed": {
    subject: "Il Suo account è stato chiuso",
    title: "Il Suo account è stato chiuso",
    body: "Il Suo account di hosting è stato chiuso. La ringraziamo per la fiducia accordataci.",
    organizationsDeleted:
      "Era l’ultimo membro di {organizations}: {count, plural, one {questa organizzazione viene ora eliminata} other {queste organizzazioni vengono ora eliminate}}. Le fatture pagate e una conferma Le arriveranno all’indirizzo di accesso; i dati vengono archiviati per il periodo di conservazione previsto dalla legge.",
  },
  "password-reset": {
    subject: "Reimposti la Sua password",
    title: "Reimpostare la password",
    askedLogin:
      "Qualcuno ha chiesto di reimpostare la password dell’account di hosting di cui questo è l’indirizzo di accesso.",
    askedRecovery:
      "Qualcuno ha chiesto di reimpostare la password dell’account di hosting di cui questo è l’indirizzo di recupero.",
    within: "Scelga una nuova password entro {minutes, plural, one {# minuto} other {# minuti}}.",
    action: "Scegli una nuova password",
    once: "Il link funziona una sola volta. Se non è stato Lei, ignori questo messaggio: senza il Suo intervento non cambia nulla.",
    takeBack:
      "Se non ha aperto Lei questo account, con questo link può anche riprenderlo: imposti una nuova password e un indirizzo di recupero proprio.",
  },
  "password-reset-no-account": {
    subject: "Reimpostazione della password: nessun account usa questo indirizzo",
    title: "Nessun account usa questo indirizzo",
    body: "Qualcuno ha chiesto di reimpostare la password di un account di hosting con questo indirizzo, ma nessun account lo usa.",
    otherAddress:
      "Se è stato Lei, forse ha usato un altro indirizzo per la registrazione. Altrimenti ignori questo messaggio.",
  },
  "password-reset-done": {
    subject: "La Sua password è stata reimpostata",
    title: "La Sua password è stata reimpostata",
    body: "La password del Suo account di hosting è stata reimpostata tramite un link inviato per e-mail e tutte le sessioni sono state chiuse.",
    notYou: "Se non è stato Lei, la reimposti di nuovo e contatti l’assistenza.",
    action: "Reimposta la password",
  },
  "paid-invoices": {
    subject: "Fatture pagate di {organizationName} ({count})",
    subjectPart: "Fatture pagate di {organizationName} ({index}/{parts}, {count})",
    title: "Fatture pagate di {organizationName}",
    body: "Ecco, come richiesto, le fatture pagate di {organizationName}. Ognuna è allegata come documento PDF.",
    bodyPart:
      "Ecco, come richiesto, le fatture pagate di {organizationName}: {count} in {parts} messaggi, questo è il messaggio {index}. Ognuna è allegata come documento PDF.",
    none: "{organizationName} non ha ancora nessuna fattura pagata.",
    invoice: "Fattura {invoiceId}",
    issued: "Emessa il",
    paid: "Pagata il",
    line: "{description}: {price}",
    lineReduced: "{description}: {price} meno {reduction} = {total}",
    total: "Totale",
    action: "Visualizza tutte le fatture",
  },
  "organization-deleted": {
    subject: "L’organizzazione «{organizationName}» è stata eliminata",
    title: "«{organizationName}» è stata eliminata",
    body: "L’organizzazione «{organizationName}» e i suoi dati sono stati eliminati il {deletedAt}.",
    accountStays:
      "Il Suo account utente rimane: può continuare ad accedere e a far parte di altre organizzazioni.",
  },
  "member-invitation": {
    subject: "Invito a far parte di {organizationName}",
    title: "Invito a far parte di {organizationName}",
    body: "{invitedBy} La invita a far parte dell’organizzazione «{organizationName}» come {role}.",
    within:
      "Accetti entro {days, plural, one {# giorno} other {# giorni}}, dopo aver effettuato l’accesso con questo indirizzo e-mail (se non ha ancora un account, ne crei uno con questo indirizzo).",
    action: "Accetta l’invito",
    once: "Il link funziona una sola volta. Se non si aspettava questo invito, ignori questo messaggio.",
  },
  "membership-changed": {
    subject: "I Suoi diritti in {organizationName} sono cambiati",
    title: "I Suoi diritti in {organizationName} sono cambiati",
    body: "{changedBy} ha modificato i Suoi diritti nell’organizzazione «{organizationName}»:",
    change: "{field}: {before} → {after}",
    action: "Visualizza i diritti",
  },
  "member-removed": {
    subject: "Non fa più parte di {organizationName}",
    title: "Non fa più parte di {organizationName}",
    body: "{removedBy} ha revocato la Sua appartenenza all’organizzazione «{organizationName}». Non ha più accesso ai suoi prodotti.",
    held: "I Suoi dati presso l’organizzazione:",
    handedTo: "{kind}: trasferimento a {person}",
    deleted: "{kind}: eliminazione eseguita",
    deletedItems: "{kind}: {count, plural, one {# elemento eliminato} other {# elementi eliminati}}",
    anotherMember: "un altro membro",
    kindDrive: "file dello spazio di archiviazione",
    kindMailboxAccess: "accesso alle caselle di posta di altri membri",
    kindCalendars: "calendari",
    kindAddressBooks: "rubriche",
    noOrganizationLeft:
      "Il Suo account utente resta aperto, senza organizzazione: acceda per crearne una propria, si unisca a un’altra su invito o chiuda l’account.",
    otherOrganizations: "Il Suo account utente resta aperto, con le Sue altre organizzazioni.",
  },
  "organization-changed": {
    subject: "I dati di {organizationName} sono stati modificati",
    title: "I dati di {organizationName} sono stati modificati",
    body: "{changedBy} ha modificato i dati dell’organizzazione «{organizationName}»:",
    why: "Riceve questo messaggio in qualità di rappresentante legale dell’organizzazione.",
    action: "Verifica l’organizzazione",
    notExpected:
      "Se non si aspettava questa modifica, contatti gli altri rappresentanti legali o l’assistenza.",
  },
  "termination-confirm": {
    subject: "Confermi la disdetta di {productName}",
    title: "Confermi la disdetta di {productName}",
    asked: "Ha chiesto la disdetta del prodotto «{productName}» di {organizationName}.",
    consequences:
      "La disdetta interrompe il prodotto ed elimina definitivamente i suoi backup; i costi aperti e quelli non compresi nel pacchetto restano dovuti.",
    within: "La preghiamo di confermare entro {minutes, plural, one {# minuto} other {# minuti}}.",
    action: "Conferma la disdetta",
    notYou:
      "Se non l’ha chiesto Lei, ignori questo messaggio: senza la Sua conferma non viene disdetto nulla.",
  },
  "product-terminated": {
    subject: "{productName} è stato disdetto",
    title: "{productName} è stato disdetto",
    body: "Il prodotto «{productName}» di {organizationName} è stato disdetto il {terminatedAt}, su richiesta di {requestedBy}.",
    backups:
      "I suoi backup saranno eliminati definitivamente a partire dal {backupPurgeAt}; in seguito non potranno più essere ripristinati.",
    charges: "I costi aperti e quelli non compresi nel pacchetto restano dovuti sulle rispettive fatture.",
    action: "Visualizza i prodotti",
  },
};

export default italian;
