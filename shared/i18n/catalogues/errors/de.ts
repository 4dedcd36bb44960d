import type { ErrorCode } from "#shared/i18n/error-codes";

/** The error texts in Swiss German (R-L3): formal address (Sie), "ss" for "ß". Names as in en.ts. */
export const titles: Record<ErrorCode, string> = {
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
};

export const requestNotValid = "Die Anfrage ist ungültig.";
export const bodyNotJson = "Der Inhalt ist kein gültiges JSON.";
export const bodyNotExpected = "Diese Route nimmt keinen Inhalt entgegen.";
export const bodyNotJsonMediaType = "Bitte senden Sie den Inhalt als application/json.";
export const bodyTooLarge = "Der Inhalt ist grösser als 1 MiB.";
export const requestTooLarge = "Die Anfrage ist grösser als 10 MiB.";
export const textControlCharacters =
  "Steuerzeichen und Zeichen zur Änderung der Schreibrichtung sind in Texten nicht erlaubt.";
export const fieldControlCharacters =
  "Steuerzeichen und Zeichen zur Änderung der Schreibrichtung sind nicht erlaubt.";
export const pathIdUnknown = "Zu diesem Wert von {parameter} gibt es nichts.";
export const pathNotPercentEncoded = "Der Pfad ist nicht korrekt prozentkodiert.";
export const routeUnknown = "Es gibt keine Route {method} {path}.";
export const cursorNotValid = "Kein gültiger Cursor.";
export const idempotencyKeyFormat = "Verwenden Sie 1 bis {max} sichtbare ASCII-Zeichen.";
export const internalError = "Bei uns ist etwas schiefgelaufen.";
export const handlerFailed = "Die Funktion hinter dieser Route ist fehlgeschlagen.";
export const serviceBusy = "Der Dienst ist ausgelastet. Bitte versuchen Sie es gleich noch einmal.";
export const tooManyRequestsOfKind =
  "Zu viele Anfragen dieser Art. Bitte versuchen Sie es später noch einmal.";
export const concurrentChange =
  "Jemand anders ändert gerade dasselbe. Bitte versuchen Sie es gleich noch einmal.";
export const signInFirst = "Bitte melden Sie sich zuerst an.";
export const bearerTokenMissing = "Bitte senden Sie ein Bearer-Token.";
export const authorizerFailed = "Die Prüfung der Anmeldung ist fehlgeschlagen.";
export const authorizerRefused = "Die Prüfung der Anmeldung hat diese Anfrage abgelehnt.";
export const operatorCredentialsRequired = "Anmeldedaten für den Betrieb erforderlich.";
export const sessionEnded = "Diese Sitzung ist beendet. Bitte melden Sie sich erneut an.";
export const accountGone = "Dieses Konto existiert nicht mehr.";
export const accountClosedSinceCreated = "Dieses Konto wurde inzwischen geschlossen.";
export const credentialsWrong = "Die E-Mail-Adresse oder das Passwort ist nicht korrekt.";
export const accountLocked =
  "Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es später noch einmal.";
export const passwordWrong = "Das Passwort ist nicht korrekt.";
export const loginEmailTaken =
  "Diese Adresse ist bereits die Login-E-Mail-Adresse eines Kontos, und mit einer Adresse meldet man sich bei genau einem Konto an. Um mit ihr in Ihrer Organisation zu arbeiten, laden Sie jenes Konto mit den nötigen Rechten ein und verzichten Sie auf dieses hier. Wenn die Adresse Ihnen gehört und Sie jenes Konto nicht eröffnet haben, setzen Sie dessen Passwort auf der Anmeldeseite zurück, um es wieder zu übernehmen.";
export const invitedAddressTaken =
  "Ein Konto verwendet die eingeladene Adresse bereits: Melden Sie sich damit an und nehmen Sie die Einladung an.";
export const recoveryEqualsLoginEmail =
  "Die Wiederherstellungsadresse muss sich von der Login-E-Mail-Adresse unterscheiden.";
export const recoveryEqualsInvitedAddress =
  "Die Wiederherstellungsadresse muss sich von der eingeladenen Adresse unterscheiden, die zur Login-E-Mail-Adresse wird.";
export const loginEqualsRecoveryEmail =
  "Die Login-E-Mail-Adresse muss sich von der Wiederherstellungsadresse unterscheiden.";
export const recoveryChangedToNewLoginEmail =
  "Die Wiederherstellungsadresse wurde seit der Anfrage auf diese Adresse geändert: Die Login-E-Mail-Adresse muss sich von ihr unterscheiden.";
export const alreadyLoginEmail = "Dies ist bereits Ihre Login-E-Mail-Adresse.";
export const recoveryNeedsLoginLink =
  "Nur mit dem Link, der an die Login-Adresse gesendet wurde, lässt sich auch eine neue Wiederherstellungsadresse festlegen.";
export const passwordTooShort = "Das Passwort muss mindestens {min} Zeichen lang sein.";
export const passwordTooLong = "Das Passwort darf höchstens {max} Zeichen lang sein.";
export const passwordContainsEmail = "Das Passwort darf die Login-E-Mail-Adresse nicht enthalten.";
export const passwordTooCommon = "Das Passwort ist zu gebräuchlich.";
export const passwordPolicy =
  "Mindestens {min} und höchstens {max} Zeichen, ohne die Login-E-Mail-Adresse oder deren Namensteil, und kein gebräuchliches Passwort.";
export const linkExpiredOrUsed =
  "Dieser Link ist abgelaufen oder wurde bereits verwendet. Bitte fordern Sie einen neuen an.";
export const resetLinkExpiredOrUsed =
  "Dieser Link ist abgelaufen, wurde bereits verwendet oder durch einen neueren ersetzt. Bitte fordern Sie einen neuen an.";
export const terminationLinkExpiredOrUsed =
  "Dieser Link ist abgelaufen, wurde bereits verwendet oder durch einen neueren Kündigungslink ersetzt.";
export const accountChangedMeanwhile =
  "Das Konto wurde inzwischen geändert. Bitte versuchen Sie es noch einmal.";
export const accountChangedAskNewLink =
  "Das Konto wurde inzwischen geändert. Bitte fordern Sie einen neuen Link an.";
export const passwordChangedMeanwhile =
  "Das Passwort wurde inzwischen geändert. Bitte versuchen Sie es noch einmal.";
export const lastLegalRepresentativeOfShared =
  "Sie sind die letzte rechtliche Vertretung einer Organisation, die noch weitere Mitglieder hat: Ernennen Sie zuerst eines davon zur rechtlichen Vertretung.";
export const lastMemberOrganizationDeleting =
  "Eine Organisation, deren letztes Mitglied Sie sind, wird gerade gelöscht: Bitte warten Sie, bis die Löschung abgeschlossen ist.";
export const organizationNotEmpty =
  "Wenn Sie Ihr Konto schliessen, bliebe eine Organisation ohne Mitglied zurück, die noch Folgendes hat: {holdings}. Kündigen Sie zuerst ihre Produkte, begleichen Sie ihre Rechnungen und lassen Sie sich ihr Guthaben auszahlen, oder löschen Sie die Organisation (das erledigt all dies).";
export const tooManyMemberships =
  "Zu viele Mitgliedschaften, um sie auf einmal zu beenden. Bitte verlassen Sie zuerst einige Organisationen.";
export const yourOrganizationChangedMeanwhile =
  "Eine Ihrer Organisationen wurde inzwischen geändert. Bitte versuchen Sie es noch einmal.";
export const holdsProducts = "Produkte";
export const holdsOpenInvoices = "offene Rechnungen";
export const holdsUnpaidInvoices = "unbezahlte Rechnungen";
export const holdsPrepaidBalance = "ein Guthaben";
export const holdsMembers = "weitere Mitglieder";
export const organizationNotFound = "Diese Organisation gibt es nicht.";
export const organizationDeleting =
  "Diese Organisation wird gerade gelöscht und kann nicht mehr geändert werden.";
export const organizationGone =
  "Diese Organisation wird gerade gelöscht oder existiert nicht mehr. Die Zahlung wurde nicht ausgeführt (bereits Belastetes wird zurückerstattet).";
export const organizationChangedMeanwhile = "Die Organisation wurde inzwischen geändert.";
export const organizationChangedTryAgain =
  "Die Organisation wurde inzwischen geändert. Bitte versuchen Sie es noch einmal.";
export const ifMatchRequired =
  "Bitte senden Sie If-Match mit dem ETag der Organisation, die Sie gelesen haben.";
export const organizationChangedSinceRead =
  "Die Organisation wurde geändert, seit Sie sie gelesen haben. Bitte lesen Sie sie erneut und versuchen Sie es noch einmal.";
export const individualNameFixed =
  "Die Organisation einer Einzelperson trägt den Namen dieser Person; einen anderen Namen kann sie nicht erhalten.";
export const nameRequiredForType =
  "Ein Verein oder eine Firma braucht einen Namen: Bitte senden Sie `name` mit dem neuen Typ.";
export const tooManyBillingAddresses =
  "Eine Organisation kann höchstens {max} zusätzliche Rechnungsadressen haben. Bitte entfernen Sie zuerst eine.";
export const billingAddressNotFound = "Diese Rechnungsadresse gibt es nicht.";
export const logoTypeNotAllowed = "Ein Logo ist ein Bild im Format image/png, image/jpeg oder image/svg+xml.";
export const logoTooLarge = "Ein Logo darf höchstens {maxKib} KiB gross sein.";
export const logoNotFound = "Diese Organisation hat kein Logo.";
export const uploadNotFound = "Diesen Upload gibt es nicht.";
export const imageNotPng = "Die Datei ist kein PNG-Bild.";
export const imageNotJpeg = "Die Datei ist kein JPEG-Bild.";
export const svgNotUtf8 = "Ein SVG-Logo muss UTF-8-Text sein.";
export const svgRootMissing = "Die Datei ist kein SVG-Bild: Ihr Wurzelelement muss <svg> sein.";
export const svgUnsafe = "Ein SVG-Logo darf nur Zeichnungen enthalten; dieses enthält {reason}.";
export const svgHoldsDeclarations = "Dokumenttyp- oder Entity-Deklarationen";
export const svgHoldsStyleAttribute = "ein style-Attribut";
export const svgHoldsBackslash = "einen Backslash (ein CSS-Escape)";
export const svgHoldsCharacterReferences = "Zeichenreferenzen";
export const svgHoldsElement = "das Element <{element}>";
export const svgHoldsEventHandlers = "Event-Handler-Attribute";
export const svgHoldsLinks = "Links auf andere Dokumente";
export const svgHoldsReferences = "Verweise auf andere Dokumente";
export const svgHoldsActiveContent = "aktive Inhalte";
export const administratorRequired =
  "Dies darf nur, wer die Organisation administriert oder rechtlich vertritt.";
export const legalRepresentativeRequired = "Dies darf nur die rechtliche Vertretung.";
export const billingRightsRequired = "Dafür brauchen Sie in dieser Organisation die Rechnungsberechtigung.";
export const productAccessRequired = "Sie haben keinen Zugriff auf dieses Produkt.";
export const grantingBillingRightsRequired =
  "Die Rechnungsberechtigung erteilen darf nur die rechtliche Vertretung oder ein Mitglied, das selbst rechnungsberechtigt ist.";
export const cannotRaiseOwnRights =
  "Niemand kann die eigene Rolle oder die eigenen Rechte erweitern: Diese Änderung muss eine andere Person vornehmen, welche die Organisation rechtlich vertritt oder administriert.";
export const lastLegalRepresentative =
  "Die letzte rechtliche Vertretung der Organisation kann weder entfernt noch zurückgestuft werden.";
export const memberBeingRemoved =
  "Dieses Mitglied wird gerade entfernt. Bitte warten Sie, bis die Entfernung abgeschlossen ist.";
export const memberBeingRemovedOtherwise =
  "Dieses Mitglied wird bereits mit anderen Entscheidungen entfernt. Bitte warten Sie, bis diese Entfernung abgeschlossen ist.";
export const alreadyMember = "Diese Person ist bereits Mitglied der Organisation.";
export const memberNotFound = "Dieses Mitglied gibt es in dieser Organisation nicht.";
export const memberChangedMeanwhile =
  "Das Mitglied wurde inzwischen geändert oder hat die Organisation verlassen. Bitte lesen Sie die Mitglieder erneut.";
export const productAccessUnknownProduct =
  "Zugriff kann nur auf Produkte dieser Organisation erteilt werden.";
export const invitationNotFound = "Diese Einladung gibt es nicht.";
export const invitationForAnotherAddress =
  "Diese Einladung wurde an eine andere E-Mail-Adresse gesendet: Melden Sie sich mit jener Adresse an, um sie anzunehmen.";
export const removalNotFound = "Diese Entfernung gibt es nicht.";
export const removalTakenUpMeanwhile =
  "Eine andere Anfrage hat diese Entfernung inzwischen wieder aufgenommen. Bitte lesen Sie ihren Status.";
export const removalNotStarted =
  "Die Entfernung konnte nicht gestartet werden; es wurde nichts geändert. Bitte versuchen Sie es noch einmal.";
export const dataDecisionsRequired =
  "Das Mitglied hat {kinds}: Entscheiden Sie für jede Art, ob sie einem anderen Mitglied übertragen oder gelöscht wird.";
export const dataKindDrive = "Dateien im Drive";
export const dataKindMailboxAccess = "Zugriff auf Postfächer anderer Mitglieder";
export const dataKindCalendars = "Kalender";
export const dataKindAddressBooks = "Adressbücher";
export const transferTargetMissing =
  "Eine Übertragung braucht `toUserId`: ein anderes Mitglied dieser Organisation.";
export const productNotFound = "Dieses Produkt gibt es nicht.";
export const productNotInOrganization = "Dieses Produkt gibt es in dieser Organisation nicht.";
export const productTerminated = "Dieses Produkt ist bereits gekündigt.";
export const productTerminating = "Dieses Produkt wird bereits gekündigt.";
export const terminationRequestNotFound = "Für dieses Produkt gibt es keinen Kündigungsauftrag.";
export const terminationRequestedMeanwhile =
  "Gleichzeitig ist ein anderer Kündigungsauftrag für dieses Produkt eingegangen.";
export const orderLineRefused = "Position {line}: {refusal}";
export const promoCodeUnknown = "Es gibt keinen Aktionscode {code}.";
export const promoCodeExpired = "Der Aktionscode {code} ist abgelaufen.";
export const promoCodeExhausted = "Der Aktionscode {code} ist vollständig eingelöst.";
export const promoCodeExhaustedMeanwhile =
  "Der Aktionscode {code} wurde inzwischen vollständig eingelöst oder ist abgelaufen.";
export const promoCodeWrongKind = "Der Aktionscode {code} gilt für {kinds}, nicht für {kind}.";
export const promoCodeWrongCurrency =
  "Der Aktionscode {code} ist ein Betrag in {codeCurrency}; diese Organisation bezahlt in {currency}.";
export const promoCodeAlreadyInCart =
  "Der Aktionscode {code} reduziert bereits eine andere Position dieses Warenkorbs; ein Code gilt für eine Position.";
export const promoCodeExists = "Es gibt bereits einen Aktionscode {code}.";
export const freeOfferNotGranted = "Dieses Gratisangebot wurde dieser Organisation nicht gewährt.";
export const freeOfferWrongKind = "Dieses Gratisangebot gilt für {offerKind}, nicht für {kind}.";
export const freeOfferUsed = "Dieses Gratisangebot wurde bereits genutzt.";
export const freeOfferAlreadyInCart =
  "Dieses Gratisangebot gilt bereits für eine andere Position dieses Warenkorbs.";
export const billingAddressUnknown =
  "Diese Rechnungsadresse gehört nicht zu den Rechnungsadressen dieser Organisation.";
export const concurrentChangeWon =
  "Eine gleichzeitige Änderung ist Ihnen zuvorgekommen. Bitte versuchen Sie es noch einmal.";
export const invoiceNotFound = "Diese Rechnung gibt es nicht.";
export const invoiceNotOpen =
  "Diese Rechnung hat den Status {status}; bezahlt werden kann nur eine offene Rechnung.";
export const invoiceNoLongerOpen =
  "Diese Rechnung ist nicht mehr offen; bezahlt werden kann nur eine offene Rechnung.";
export const balanceTooLow = "Das Guthaben deckt diesen Betrag nicht.";
export const balanceKeptChanging =
  "Das Guthaben hat sich laufend geändert. Bitte versuchen Sie es noch einmal.";
export const firstOrderWithoutBalance =
  "Eine neue Organisation hat noch kein Guthaben: Bitte bezahlen Sie die erste Bestellung mit Karte oder auf Rechnung.";
export const balanceInOtherCurrency =
  "Das Guthaben lautet auf {balanceCurrency}; hier wird {currency} benötigt. Bitte lassen Sie sich zuerst das Guthaben auszahlen.";
export const topUpBeingCredited =
  "Die Aufladung wird gerade gutgeschrieben. Bitte versuchen Sie es gleich noch einmal.";
export const paymentUnavailable =
  "Der Zahlungsanbieter hat die Zahlung nicht ausgeführt; es wurde nichts belastet oder gutgeschrieben. Bitte versuchen Sie es noch einmal.";
export const paymentAmountDiffers = "Diese Zahlung wurde bereits mit einem anderen Betrag angefordert.";
export const paymentChangedMeanwhile =
  "Diese Zahlung wurde inzwischen geändert. Bitte versuchen Sie es noch einmal.";
export const withdrawalNotFound = "Diese Auszahlung gibt es nicht.";
export const withdrawalDiffers =
  "Diese Auszahlung wurde bereits mit einem anderen Betrag oder einer anderen IBAN erfasst.";
export const payoutUnavailable =
  "Die Rückerstattung ist erfasst und das Guthaben belastet, aber der Zahlungsanbieter hat die Auszahlung nicht ausgeführt. Versuchen Sie es mit demselben Idempotency-Key noch einmal: Ausgezahlt wird nur einmal.";
export const deletionConfirmationMismatch =
  "Geben Sie den Namen der Organisation genau ein, um ihre Löschung zu bestätigen.";
export const deletionPrerequisites =
  "Vor der Löschung: {prerequisites}. Wählen Sie die entsprechenden Optionen, damit die Löschung dies erledigt.";
export const deletionPrerequisitesForResume =
  "Vor der Löschung: {prerequisites}. Die Optionen der Löschung decken dies nicht ab: Die Person, die sie beantragt hat, muss sie mit den entsprechenden Optionen erneut beantragen.";
export const deletionWonMeanwhile =
  "Eine andere Löschanfrage ist zuvorgekommen. Bitte lesen Sie ihren Status.";
export const deletionNotFound = "Für diese Organisation gibt es keine Löschung.";
export const deletionRunning = "Die Löschung läuft: Ihre Ausführung arbeitet noch daran.";
export const deletionSucceeded = "Die Löschung ist abgeschlossen: Es gibt nichts mehr fortzusetzen.";
export const archiveNotFound =
  "Für diese Organisation ist nichts archiviert: Sie wurde nie gelöscht, ihre Löschung hat sie noch nicht archiviert, oder die Aufbewahrungsfrist ist abgelaufen.";
export const archivedInvoiceNotFound = "Diese archivierte Rechnung gibt es nicht.";
export const mailNotFound = "Diese E-Mail gibt es nicht.";
export const mailNotFailed =
  "Diese E-Mail hat den Status {status}: Erneut gesendet wird nur eine fehlgeschlagene E-Mail.";
export const mailChangedMeanwhile = "Die E-Mail wurde inzwischen geändert. Bitte lesen Sie sie erneut.";
export const idempotencyKeyReused =
  "Dieser Idempotency-Key wurde mit einem anderen Anfrageinhalt verwendet. Verwenden Sie für eine neue Anfrage einen neuen Key.";
export const idempotencyRequestInFlight =
  "Eine Anfrage mit diesem Idempotency-Key wird noch bearbeitet. Bitte versuchen Sie es später noch einmal.";
export const idempotencyKeyContended =
  "Der Idempotency-Key hat zu oft den Besitzer gewechselt. Bitte versuchen Sie es noch einmal.";
export const fieldRequired = "Pflichtfeld.";
export const emailNotValid = "Keine gültige E-Mail-Adresse.";
export const amountNotMinorUnits = "Beträge sind ganze Zahlen in der kleinsten Währungseinheit.";
export const removalConfirmationMissing = "Bestätigen Sie die Entfernung mit `confirm: true`.";
export const organizationOrInvitation =
  "Senden Sie eine Organisation oder das invitationToken einer Einladung.";
export const invitedWithoutOrganization =
  "Ein eingeladenes Konto tritt nur der einladenden Organisation bei: Senden Sie keine Organisation.";
export const invitedWithoutLoginEmail =
  "Die eingeladene Adresse ist die Login-E-Mail-Adresse: Senden Sie keine loginEmail.";
export const invitedWithoutOrder =
  "Ein eingeladenes Konto bestellt nach der Anmeldung in der einladenden Organisation.";
export const organizationNameRequired =
  "Ein Name ist erforderlich, ausser die Organisation ist eine Einzelperson.";
export const organizationPatchEmpty =
  "Senden Sie mindestens eines der Felder name, type, postalAddress, phone.";
export const memberPatchEmpty = "Senden Sie mindestens eines der Felder role, billingRights, productIds.";
export const orderLineCodeOrOffer =
  "Eine Position hat entweder einen Aktionscode oder ein Gratisangebot, nicht beides.";
export const promoPercentOrAmount = "Geben Sie entweder percentOff oder amountOff an.";
export const promoAmountNeedsCurrency = "Ein amountOff braucht seine Währung.";
export const promoCurrencyWithoutAmount = "Eine Währung gehört nur zu einem amountOff.";
export const promoExpiryPast = "Das Ablaufdatum muss in der Zukunft liegen.";
export const ibanMalformed =
  "Eine IBAN beginnt mit einem Ländercode und zwei Prüfziffern, gefolgt von Buchstaben und Ziffern.";
export const ibanCountryUnsupported = "IBANs des Landes {country} werden nicht unterstützt.";
export const ibanLengthWrong = "Eine IBAN aus {country} hat {length} Zeichen.";
export const ibanCheckDigitsWrong =
  "Die Prüfziffern der IBAN stimmen nicht: Bitte prüfen Sie sie auf Tippfehler.";
