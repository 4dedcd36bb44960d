import type { ErrorCatalogue } from "#shared/i18n/error-messages";

/** The error texts in Swiss German (R-L3): formal address (Sie), "ss" for "ß". Keys as in en.ts. */
export const catalogue: ErrorCatalogue = {
  titles: {
    VALIDATION_FAILED: "Ungültige Anfrage",
    INVALID_TEXT: "Unzulässige Zeichen",
    UNAUTHENTICATED: "Anmeldung erforderlich",
    INVALID_CREDENTIALS: "Anmeldedaten falsch",
    FORBIDDEN: "Nicht erlaubt",
    INVALID_PASSWORD: "Passwort falsch",
    ADMINISTRATOR_REQUIRED: "Administrationsrechte erforderlich",
    LEGAL_REPRESENTATIVE_REQUIRED: "Rechtliche Vertretung erforderlich",
    BILLING_RIGHTS_REQUIRED: "Rechnungsberechtigung erforderlich",
    PRODUCT_ACCESS_REQUIRED: "Zugriff auf das Produkt erforderlich",
    CANNOT_RAISE_OWN_RIGHTS: "Eigene Rechte nicht erweiterbar",
    INVITATION_EMAIL_MISMATCH: "Einladung an eine andere Adresse",
    RECOVERY_EMAIL_NEEDS_LOGIN_LINK: "Wiederherstellungsadresse mit diesem Link nicht änderbar",
    NOT_FOUND: "Nicht gefunden",
    DELETION_NOT_FOUND: "Keine Löschung",
    ARCHIVE_NOT_FOUND: "Kein Archiv",
    METHOD_NOT_ALLOWED: "Methode nicht erlaubt",
    CONFLICT: "Konflikt",
    LOGIN_EMAIL_TAKEN: "Login-E-Mail-Adresse bereits vergeben",
    LAST_LEGAL_REPRESENTATIVE: "Letzte rechtliche Vertretung",
    ORGANIZATION_NOT_EMPTY: "Organisation nicht leer",
    ORGANIZATION_DELETING: "Organisation wird gelöscht",
    ORGANIZATION_NOT_ACTIVE: "Organisation nicht aktiv",
    REMOVAL_IN_PROGRESS: "Entfernung läuft",
    ALREADY_MEMBER: "Bereits Mitglied",
    PRODUCT_NOT_ACTIVE: "Produkt nicht aktiv",
    PROMO_CODE_EXISTS: "Aktionscode existiert bereits",
    INSUFFICIENT_BALANCE: "Guthaben ungenügend",
    PREPAID_CURRENCY_MISMATCH: "Guthaben in einer anderen Währung",
    INVOICE_NOT_OPEN: "Rechnung nicht offen",
    TOO_MANY_BILLING_ADDRESSES: "Zu viele Rechnungsadressen",
    PREREQUISITES_NOT_MET: "Voraussetzungen nicht erfüllt",
    DELETION_NOT_FAILED: "Löschung nicht fehlgeschlagen",
    MAIL_NOT_FAILED: "E-Mail nicht fehlgeschlagen",
    IDEMPOTENCY_REQUEST_IN_FLIGHT: "Anfrage in Bearbeitung",
    TOKEN_EXPIRED_OR_USED: "Link abgelaufen oder bereits verwendet",
    PRECONDITION_FAILED: "Vorbedingung nicht erfüllt",
    PAYLOAD_TOO_LARGE: "Inhalt zu gross",
    UNSUPPORTED_MEDIA_TYPE: "Medientyp nicht unterstützt",
    WEAK_PASSWORD: "Passwort zu schwach",
    SAME_AS_LOGIN_EMAIL: "Gleich wie die Login-E-Mail-Adresse",
    SAME_AS_RECOVERY_EMAIL: "Gleich wie die Wiederherstellungsadresse",
    NAME_FIXED_FOR_INDIVIDUAL: "Name einer Einzelperson festgelegt",
    NAME_REQUIRED: "Name erforderlich",
    UNKNOWN_PRODUCT: "Unbekanntes Produkt",
    UNKNOWN_BILLING_ADDRESS: "Unbekannte Rechnungsadresse",
    PROMO_CODE_INVALID: "Aktionscode ungültig",
    PROMO_CODE_NOT_APPLICABLE: "Aktionscode nicht anwendbar",
    FREE_OFFER_NOT_APPLICABLE: "Gratisangebot nicht anwendbar",
    DATA_DECISIONS_REQUIRED: "Entscheid über die Daten erforderlich",
    INVALID_TRANSFER_TARGET: "Ungültiges Übertragungsziel",
    CONFIRMATION_MISMATCH: "Bestätigung stimmt nicht überein",
    IDEMPOTENCY_KEY_REUSED: "Idempotency-Key wiederverwendet",
    INVALID_IMAGE: "Ungültiges Bild",
    UNSAFE_SVG: "Unsicheres SVG",
    PRECONDITION_REQUIRED: "Vorbedingung erforderlich",
    TOO_MANY_REQUESTS: "Zu viele Anfragen",
    ACCOUNT_LOCKED: "Konto gesperrt",
    INTERNAL_ERROR: "Interner Fehler",
    BAD_GATEWAY: "Fehlerhafte Antwort des Dienstes",
    SERVICE_UNAVAILABLE: "Dienst nicht verfügbar",
    PAYMENT_UNAVAILABLE: "Zahlung nicht ausgeführt",
    PAYOUT_UNAVAILABLE: "Auszahlung noch nicht ausgeführt",
  },
  messages: {
    requestNotValid: "Die Anfrage ist ungültig.",
    bodyNotJson: "Der Inhalt ist kein gültiges JSON.",
    bodyNotExpected: "Diese Route nimmt keinen Inhalt entgegen.",
    bodyNotJsonMediaType: "Bitte senden Sie den Inhalt als application/json.",
    bodyTooLarge: "Der Inhalt ist grösser als 1 MiB.",
    requestTooLarge: "Die Anfrage ist grösser als 10 MiB.",
    textControlCharacters:
      "Steuerzeichen und Zeichen zur Änderung der Schreibrichtung sind in Texten nicht erlaubt.",
    fieldControlCharacters: "Steuerzeichen und Zeichen zur Änderung der Schreibrichtung sind nicht erlaubt.",
    pathIdUnknown: "Zu diesem Wert von {parameter} gibt es nichts.",
    pathNotPercentEncoded: "Der Pfad ist nicht korrekt prozentkodiert.",
    routeUnknown: "Es gibt keine Route {method} {path}.",
    cursorNotValid: "Kein gültiger Cursor.",
    idempotencyKeyFormat: "Verwenden Sie 1 bis {max} sichtbare ASCII-Zeichen.",
    internalError: "Bei uns ist etwas schiefgelaufen.",
    handlerFailed: "Die Funktion hinter dieser Route ist fehlgeschlagen.",
    serviceBusy: "Der Dienst ist ausgelastet. Bitte versuchen Sie es gleich noch einmal.",
    tooManyRequestsOfKind: "Zu viele Anfragen dieser Art. Bitte versuchen Sie es später noch einmal.",
    concurrentChange: "Jemand anders ändert gerade dasselbe. Bitte versuchen Sie es gleich noch einmal.",
    signInFirst: "Bitte melden Sie sich zuerst an.",
    bearerTokenMissing: "Bitte senden Sie ein Bearer-Token.",
    authorizerFailed: "Die Prüfung der Anmeldung ist fehlgeschlagen.",
    authorizerRefused: "Die Prüfung der Anmeldung hat diese Anfrage abgelehnt.",
    operatorCredentialsRequired: "Anmeldedaten für den Betrieb erforderlich.",
    sessionEnded: "Diese Sitzung ist beendet. Bitte melden Sie sich erneut an.",
    accountGone: "Dieses Konto existiert nicht mehr.",
    accountClosedSinceCreated: "Dieses Konto wurde seit seiner Eröffnung geschlossen.",
    credentialsWrong: "Die E-Mail-Adresse oder das Passwort ist nicht korrekt.",
    accountLocked: "Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es später noch einmal.",
    passwordWrong: "Das Passwort ist nicht korrekt.",
    loginEmailTaken:
      "Diese Adresse ist bereits die Login-E-Mail-Adresse eines Kontos, und mit einer Adresse meldet man sich bei genau einem Konto an. Um mit ihr in Ihrer Organisation zu arbeiten, laden Sie dieses Konto mit den nötigen Rechten ein und ziehen dieses hier zurück. Wenn die Adresse Ihnen gehört und Sie jenes Konto nicht eröffnet haben, setzen Sie dessen Passwort auf der Anmeldeseite zurück, um es wieder zu übernehmen.",
    invitedAddressTaken:
      "Ein Konto verwendet die eingeladene Adresse bereits: Melden Sie sich damit an und nehmen Sie die Einladung an.",
    recoveryEqualsLoginEmail:
      "Die Wiederherstellungsadresse muss sich von der Login-E-Mail-Adresse unterscheiden.",
    recoveryEqualsInvitedAddress:
      "Die Wiederherstellungsadresse muss sich von der eingeladenen Adresse unterscheiden, die zur Login-E-Mail-Adresse wird.",
    loginEqualsRecoveryEmail:
      "Die Login-E-Mail-Adresse muss sich von der Wiederherstellungsadresse unterscheiden.",
    recoveryChangedToNewLoginEmail:
      "Die Wiederherstellungsadresse wurde seit der Anfrage auf diese Adresse geändert: Die Login-E-Mail-Adresse muss sich von ihr unterscheiden.",
    alreadyLoginEmail: "Dies ist bereits Ihre Login-E-Mail-Adresse.",
    recoveryNeedsLoginLink:
      "Nur mit dem Link, der an die Login-Adresse gesendet wurde, lässt sich auch eine neue Wiederherstellungsadresse festlegen.",
    passwordTooShort: "Das Passwort muss mindestens {min} Zeichen lang sein.",
    passwordTooLong: "Das Passwort darf höchstens {max} Zeichen lang sein.",
    passwordContainsEmail: "Das Passwort darf die Login-E-Mail-Adresse nicht enthalten.",
    passwordTooCommon: "Das Passwort ist zu gebräuchlich.",
    passwordPolicy:
      "Mindestens {min} und höchstens {max} Zeichen, ohne die Login-E-Mail-Adresse oder deren Namensteil, und kein gebräuchliches Passwort.",
    linkExpiredOrUsed:
      "Dieser Link ist abgelaufen oder wurde bereits verwendet. Bitte fordern Sie einen neuen an.",
    resetLinkExpiredOrUsed:
      "Dieser Link ist abgelaufen, wurde bereits verwendet oder durch einen neueren ersetzt. Bitte fordern Sie einen neuen an.",
    terminationLinkExpiredOrUsed:
      "Dieser Link ist abgelaufen, wurde bereits verwendet oder durch einen neueren Kündigungslink ersetzt.",
    accountChangedMeanwhile: "Das Konto wurde inzwischen geändert. Bitte versuchen Sie es noch einmal.",
    accountChangedAskNewLink: "Das Konto wurde inzwischen geändert. Bitte fordern Sie einen neuen Link an.",
    passwordChangedMeanwhile: "Das Passwort wurde inzwischen geändert. Bitte versuchen Sie es noch einmal.",
    lastLegalRepresentativeOfShared:
      "Sie sind die letzte rechtliche Vertretung einer Organisation, die noch weitere Mitglieder hat: Ernennen Sie zuerst eines davon zur rechtlichen Vertretung.",
    lastMemberOrganizationDeleting:
      "Eine Organisation, deren letztes Mitglied Sie sind, wird gerade gelöscht: Bitte warten Sie, bis die Löschung abgeschlossen ist.",
    organizationNotEmpty:
      "Wenn Sie Ihr Konto schliessen, bliebe eine Organisation ohne Mitglied zurück, die noch Folgendes hat: {holdings}. Kündigen Sie zuerst ihre Produkte, begleichen Sie ihre Rechnungen und lassen Sie sich ihr Guthaben auszahlen, oder löschen Sie die Organisation (das erledigt all dies).",
    tooManyMemberships:
      "Zu viele Mitgliedschaften, um sie auf einmal zu beenden. Bitte verlassen Sie zuerst einige Organisationen.",
    yourOrganizationChangedMeanwhile:
      "Eine Ihrer Organisationen wurde inzwischen geändert. Bitte versuchen Sie es noch einmal.",
    holdsProducts: "Produkte",
    holdsOpenInvoices: "offene Rechnungen",
    holdsUnpaidInvoices: "unbezahlte Rechnungen",
    holdsPrepaidBalance: "ein Guthaben",
    holdsMembers: "weitere Mitglieder",
    organizationNotFound: "Diese Organisation gibt es nicht.",
    organizationDeleting: "Diese Organisation wird gerade gelöscht und kann nicht mehr geändert werden.",
    organizationGone:
      "Diese Organisation wird gerade gelöscht oder existiert nicht mehr. Die Zahlung wurde nicht ausgeführt (bereits Belastetes wird zurückerstattet).",
    organizationChangedMeanwhile: "Die Organisation wurde inzwischen geändert.",
    organizationChangedTryAgain:
      "Die Organisation wurde inzwischen geändert. Bitte versuchen Sie es noch einmal.",
    ifMatchRequired: "Bitte senden Sie If-Match mit dem ETag der Organisation, die Sie gelesen haben.",
    organizationChangedSinceRead:
      "Die Organisation wurde geändert, seit Sie sie gelesen haben. Bitte lesen Sie sie erneut und versuchen Sie es noch einmal.",
    individualNameFixed:
      "Die Organisation einer Einzelperson trägt den Namen dieser Person; einen anderen Namen kann sie nicht erhalten.",
    nameRequiredForType:
      "Ein Verein oder eine Firma braucht einen Namen: Bitte senden Sie `name` mit dem neuen Typ.",
    tooManyBillingAddresses:
      "Eine Organisation kann höchstens {max} zusätzliche Rechnungsadressen haben. Bitte entfernen Sie zuerst eine.",
    billingAddressNotFound: "Diese Rechnungsadresse gibt es nicht.",
    logoTypeNotAllowed: "Ein Logo ist ein Bild im Format image/png, image/jpeg oder image/svg+xml.",
    logoTooLarge: "Ein Logo darf höchstens {maxKib} KiB gross sein.",
    logoNotFound: "Diese Organisation hat kein Logo.",
    uploadNotFound: "Diesen Upload gibt es nicht.",
    imageNotPng: "Die Datei ist kein PNG-Bild.",
    imageNotJpeg: "Die Datei ist kein JPEG-Bild.",
    svgNotUtf8: "Ein SVG-Logo muss UTF-8-Text sein.",
    svgRootMissing: "Die Datei ist kein SVG-Bild: Ihr Wurzelelement muss <svg> sein.",
    svgUnsafe: "Ein SVG-Logo darf nur Zeichnungen enthalten; dieses enthält {reason}.",
    svgHoldsDeclarations: "Dokumenttyp- oder Entity-Deklarationen",
    svgHoldsStyleAttribute: "ein style-Attribut",
    svgHoldsBackslash: "einen Backslash (ein CSS-Escape)",
    svgHoldsCharacterReferences: "Zeichenreferenzen",
    svgHoldsElement: "das Element <{element}>",
    svgHoldsEventHandlers: "Event-Handler-Attribute",
    svgHoldsLinks: "Links auf andere Dokumente",
    svgHoldsReferences: "Verweise auf andere Dokumente",
    svgHoldsActiveContent: "aktive Inhalte",
    administratorRequired: "Dies darf nur, wer die Organisation administriert oder rechtlich vertritt.",
    legalRepresentativeRequired: "Dies darf nur die rechtliche Vertretung.",
    billingRightsRequired: "Dafür brauchen Sie in dieser Organisation die Rechnungsberechtigung.",
    productAccessRequired: "Sie haben keinen Zugriff auf dieses Produkt.",
    grantingBillingRightsRequired:
      "Die Rechnungsberechtigung erteilen darf nur die rechtliche Vertretung oder ein Mitglied, das selbst rechnungsberechtigt ist.",
    cannotRaiseOwnRights:
      "Niemand kann die eigene Rolle oder die eigenen Rechte erweitern: Diese Änderung muss eine andere Person vornehmen, welche die Organisation rechtlich vertritt oder administriert.",
    lastLegalRepresentative:
      "Die letzte rechtliche Vertretung der Organisation kann weder entfernt noch zurückgestuft werden.",
    memberBeingRemoved:
      "Dieses Mitglied wird gerade entfernt. Bitte warten Sie, bis die Entfernung abgeschlossen ist.",
    memberBeingRemovedOtherwise:
      "Dieses Mitglied wird bereits mit anderen Entscheidungen entfernt. Bitte warten Sie, bis diese Entfernung abgeschlossen ist.",
    alreadyMember: "Diese Person ist bereits Mitglied der Organisation.",
    memberNotFound: "Dieses Mitglied gibt es in dieser Organisation nicht.",
    memberChangedMeanwhile:
      "Das Mitglied wurde inzwischen geändert oder hat die Organisation verlassen. Bitte lesen Sie die Mitglieder erneut.",
    productAccessUnknownProduct: "Zugriff kann nur auf Produkte dieser Organisation erteilt werden.",
    invitationNotFound: "Diese Einladung gibt es nicht.",
    invitationForAnotherAddress:
      "Diese Einladung wurde an eine andere E-Mail-Adresse gesendet: Melden Sie sich mit jener Adresse an, um sie anzunehmen.",
    removalNotFound: "Diese Entfernung gibt es nicht.",
    removalTakenUpMeanwhile:
      "Eine andere Anfrage hat diese Entfernung inzwischen wieder aufgenommen. Bitte lesen Sie ihren Status.",
    removalNotStarted:
      "Die Entfernung konnte nicht gestartet werden; es wurde nichts geändert. Bitte versuchen Sie es noch einmal.",
    dataDecisionsRequired:
      "Das Mitglied hat {kinds}: Entscheiden Sie für jede Art, ob sie einem anderen Mitglied übertragen oder gelöscht wird.",
    dataKindDrive: "Dateien im Drive",
    dataKindMailboxAccess: "Zugriff auf Postfächer anderer Mitglieder",
    dataKindCalendars: "Kalender",
    dataKindAddressBooks: "Adressbücher",
    transferTargetMissing: "Eine Übertragung braucht `toUserId`: ein anderes Mitglied dieser Organisation.",
    productNotFound: "Dieses Produkt gibt es nicht.",
    productNotInOrganization: "Dieses Produkt gibt es in dieser Organisation nicht.",
    productTerminated: "Dieses Produkt ist bereits gekündigt.",
    productTerminating: "Dieses Produkt wird bereits gekündigt.",
    terminationRequestNotFound: "Für dieses Produkt gibt es keinen Kündigungsauftrag.",
    terminationRequestedMeanwhile:
      "Gleichzeitig ist ein anderer Kündigungsauftrag für dieses Produkt eingegangen.",
    orderLineRefused: "Position {line}: {refusal}",
    promoCodeUnknown: "Es gibt keinen Aktionscode {code}.",
    promoCodeExpired: "Der Aktionscode {code} ist abgelaufen.",
    promoCodeExhausted: "Der Aktionscode {code} ist vollständig eingelöst.",
    promoCodeExhaustedMeanwhile:
      "Der Aktionscode {code} wurde inzwischen vollständig eingelöst oder ist abgelaufen.",
    promoCodeWrongKind: "Der Aktionscode {code} gilt für {kinds}, nicht für {kind}.",
    promoCodeWrongCurrency:
      "Der Aktionscode {code} ist ein Betrag in {codeCurrency}; diese Organisation bezahlt in {currency}.",
    promoCodeAlreadyInCart:
      "Der Aktionscode {code} reduziert bereits eine andere Position dieses Warenkorbs; ein Code gilt für eine Position.",
    promoCodeExists: "Es gibt bereits einen Aktionscode {code}.",
    freeOfferNotGranted: "Dieses Gratisangebot wurde dieser Organisation nicht gewährt.",
    freeOfferWrongKind: "Dieses Gratisangebot gilt für {offerKind}, nicht für {kind}.",
    freeOfferUsed: "Dieses Gratisangebot wurde bereits genutzt.",
    freeOfferAlreadyInCart: "Dieses Gratisangebot gilt bereits für eine andere Position dieses Warenkorbs.",
    billingAddressUnknown:
      "Diese Rechnungsadresse gehört nicht zu den Rechnungsadressen dieser Organisation.",
    concurrentChangeWon:
      "Eine gleichzeitige Änderung ist Ihnen zuvorgekommen. Bitte versuchen Sie es noch einmal.",
    invoiceNotFound: "Diese Rechnung gibt es nicht.",
    invoiceNotOpen: "Diese Rechnung hat den Status {status}; bezahlt werden kann nur eine offene Rechnung.",
    invoiceNoLongerOpen: "Diese Rechnung ist nicht mehr offen; bezahlt werden kann nur eine offene Rechnung.",
    balanceTooLow: "Das Guthaben deckt diesen Betrag nicht.",
    balanceKeptChanging: "Das Guthaben hat sich laufend geändert. Bitte versuchen Sie es noch einmal.",
    firstOrderWithoutBalance:
      "Eine neue Organisation hat noch kein Guthaben: Bitte bezahlen Sie die erste Bestellung mit Karte oder auf Rechnung.",
    balanceInOtherCurrency:
      "Das Guthaben lautet auf {balanceCurrency}; hier wird {currency} benötigt. Bitte lassen Sie sich zuerst das Guthaben auszahlen.",
    topUpBeingCredited:
      "Die Aufladung wird gerade gutgeschrieben. Bitte versuchen Sie es gleich noch einmal.",
    paymentUnavailable:
      "Der Zahlungsanbieter hat die Zahlung nicht ausgeführt; es wurde nichts belastet oder gutgeschrieben. Bitte versuchen Sie es noch einmal.",
    paymentAmountDiffers: "Diese Zahlung wurde bereits mit einem anderen Betrag angefordert.",
    paymentChangedMeanwhile: "Diese Zahlung wurde inzwischen geändert. Bitte versuchen Sie es noch einmal.",
    withdrawalNotFound: "Diese Auszahlung gibt es nicht.",
    withdrawalDiffers:
      "Diese Auszahlung wurde bereits mit einem anderen Betrag oder einer anderen IBAN erfasst.",
    payoutUnavailable:
      "Die Rückerstattung ist erfasst und das Guthaben belastet, aber der Zahlungsanbieter hat die Auszahlung nicht ausgeführt. Versuchen Sie es mit demselben Idempotency-Key noch einmal: Ausgezahlt wird nur einmal.",
    deletionConfirmationMismatch:
      "Geben Sie den Namen der Organisation genau ein, um ihre Löschung zu bestätigen.",
    deletionPrerequisites:
      "Vor der Löschung: {prerequisites}. Wählen Sie die entsprechenden Optionen, damit die Löschung dies erledigt.",
    deletionPrerequisitesForResume:
      "Vor der Löschung: {prerequisites}. Die Optionen der Löschung decken dies nicht ab: Die Person, die sie beantragt hat, muss sie mit den entsprechenden Optionen erneut beantragen.",
    deletionWonMeanwhile: "Eine andere Löschanfrage ist zuvorgekommen. Bitte lesen Sie ihren Status.",
    deletionNotFound: "Für diese Organisation gibt es keine Löschung.",
    deletionRunning: "Die Löschung läuft: Ihre Ausführung arbeitet noch daran.",
    deletionSucceeded: "Die Löschung ist abgeschlossen: Es gibt nichts mehr fortzusetzen.",
    archiveNotFound:
      "Für diese Organisation ist nichts archiviert: Sie wurde nie gelöscht, ihre Löschung hat sie noch nicht archiviert, oder die Aufbewahrungsfrist ist abgelaufen.",
    archivedInvoiceNotFound: "Diese archivierte Rechnung gibt es nicht.",
    mailNotFound: "Diese E-Mail gibt es nicht.",
    mailNotFailed:
      "Diese E-Mail hat den Status {status}: Erneut gesendet wird nur eine fehlgeschlagene E-Mail.",
    mailChangedMeanwhile: "Die E-Mail wurde inzwischen geändert. Bitte lesen Sie sie erneut.",
    idempotencyKeyReused:
      "Dieser Idempotency-Key wurde mit einem anderen Anfrageinhalt verwendet. Verwenden Sie für eine neue Anfrage einen neuen Key.",
    idempotencyRequestInFlight:
      "Eine Anfrage mit diesem Idempotency-Key wird noch bearbeitet. Bitte versuchen Sie es später noch einmal.",
    idempotencyKeyContended:
      "Der Idempotency-Key hat zu oft den Besitzer gewechselt. Bitte versuchen Sie es noch einmal.",
    fieldRequired: "Pflichtfeld.",
    emailNotValid: "Keine gültige E-Mail-Adresse.",
    amountNotMinorUnits: "Beträge sind ganze Zahlen in der kleinsten Währungseinheit.",
    removalConfirmationMissing: "Bestätigen Sie die Entfernung mit `confirm: true`.",
    organizationOrInvitation: "Senden Sie eine Organisation oder das invitationToken einer Einladung.",
    invitedWithoutOrganization:
      "Ein eingeladenes Konto tritt nur der einladenden Organisation bei: Senden Sie keine Organisation.",
    invitedWithoutLoginEmail:
      "Die eingeladene Adresse ist die Login-E-Mail-Adresse: Senden Sie keine loginEmail.",
    invitedWithoutOrder:
      "Ein eingeladenes Konto bestellt nach der Anmeldung in der einladenden Organisation.",
    organizationNameRequired: "Ein Name ist erforderlich, ausser die Organisation ist eine Einzelperson.",
    organizationPatchEmpty: "Senden Sie mindestens eines der Felder name, type, postalAddress, phone.",
    memberPatchEmpty: "Senden Sie mindestens eines der Felder role, billingRights, productIds.",
    orderLineCodeOrOffer:
      "Eine Position hat entweder einen Aktionscode oder ein Gratisangebot, nicht beides.",
    promoPercentOrAmount: "Geben Sie entweder percentOff oder amountOff an.",
    promoAmountNeedsCurrency: "Ein amountOff braucht seine Währung.",
    promoCurrencyWithoutAmount: "Eine Währung gehört nur zu einem amountOff.",
    promoExpiryPast: "Das Ablaufdatum muss in der Zukunft liegen.",
    ibanMalformed:
      "Eine IBAN beginnt mit einem Ländercode und zwei Prüfziffern, gefolgt von Buchstaben und Ziffern.",
    ibanCountryUnsupported: "IBANs des Landes {country} werden nicht unterstützt.",
    ibanLengthWrong: "Eine IBAN aus {country} hat {length} Zeichen.",
    ibanCheckDigitsWrong: "Die Prüfziffern der IBAN stimmen nicht: Bitte prüfen Sie sie auf Tippfehler.",
  },
};
