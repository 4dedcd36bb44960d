import type { ErrorCode } from "#shared/i18n/error-codes";

/** The error texts in Italian (R-L3): formal address (Lei), Swiss usage. Names as in en.ts. */
export const titles: Record<ErrorCode, string> = {
  VALIDATION_FAILED: "Richiesta non valida",
  INVALID_TEXT: "Caratteri non ammessi",
  UNAUTHENTICATED: "Accesso richiesto",
  INVALID_CREDENTIALS: "Credenziali errate",
  FORBIDDEN: "Operazione non consentita",
  INVALID_PASSWORD: "Password errata",
  ADMINISTRATOR_REQUIRED: "Diritti di amministrazione richiesti",
  LEGAL_REPRESENTATIVE_REQUIRED: "Rappresentante legale richiesto",
  BILLING_RIGHTS_REQUIRED: "Diritti di fatturazione richiesti",
  PRODUCT_ACCESS_REQUIRED: "Accesso al prodotto richiesto",
  CANNOT_RAISE_OWN_RIGHTS: "Impossibile estendere i propri diritti",
  INVITATION_EMAIL_MISMATCH: "Invito destinato a un altro indirizzo",
  RECOVERY_EMAIL_NEEDS_LOGIN_LINK: "Indirizzo di recupero non modificabile con questo link",
  NOT_FOUND: "Non trovato",
  DELETION_NOT_FOUND: "Nessuna eliminazione",
  ARCHIVE_NOT_FOUND: "Nessun archivio",
  METHOD_NOT_ALLOWED: "Metodo non consentito",
  CONFLICT: "Conflitto",
  LOGIN_EMAIL_TAKEN: "Indirizzo di accesso già in uso",
  LAST_LEGAL_REPRESENTATIVE: "Ultimo rappresentante legale",
  ORGANIZATION_NOT_EMPTY: "Organizzazione non vuota",
  ORGANIZATION_DELETING: "Organizzazione in corso di eliminazione",
  ORGANIZATION_NOT_ACTIVE: "Organizzazione non attiva",
  REMOVAL_IN_PROGRESS: "Rimozione in corso",
  ALREADY_MEMBER: "Già membro",
  PRODUCT_NOT_ACTIVE: "Prodotto non attivo",
  PROMO_CODE_EXISTS: "Codice promozionale già esistente",
  INSUFFICIENT_BALANCE: "Saldo insufficiente",
  PREPAID_CURRENCY_MISMATCH: "Saldo prepagato in un’altra valuta",
  INVOICE_NOT_OPEN: "Fattura non aperta",
  TOO_MANY_BILLING_ADDRESSES: "Troppi indirizzi di fatturazione",
  PREREQUISITES_NOT_MET: "Presupposti non soddisfatti",
  DELETION_NOT_FAILED: "Eliminazione non fallita",
  MAIL_NOT_FAILED: "E-mail non fallita",
  IDEMPOTENCY_REQUEST_IN_FLIGHT: "Richiesta in elaborazione",
  TOKEN_EXPIRED_OR_USED: "Link scaduto o già utilizzato",
  PRECONDITION_FAILED: "Condizione preliminare non soddisfatta",
  PAYLOAD_TOO_LARGE: "Contenuto troppo grande",
  UNSUPPORTED_MEDIA_TYPE: "Tipo di media non supportato",
  WEAK_PASSWORD: "Password troppo debole",
  SAME_AS_LOGIN_EMAIL: "Uguale all’indirizzo di accesso",
  SAME_AS_RECOVERY_EMAIL: "Uguale all’indirizzo di recupero",
  NAME_FIXED_FOR_INDIVIDUAL: "Nome di una persona individuale vincolato",
  NAME_REQUIRED: "Nome richiesto",
  UNKNOWN_PRODUCT: "Prodotto sconosciuto",
  UNKNOWN_BILLING_ADDRESS: "Indirizzo di fatturazione sconosciuto",
  PROMO_CODE_INVALID: "Codice promozionale non valido",
  PROMO_CODE_NOT_APPLICABLE: "Codice promozionale non applicabile",
  FREE_OFFER_NOT_APPLICABLE: "Offerta gratuita non applicabile",
  DATA_DECISIONS_REQUIRED: "Decisione sui dati richiesta",
  INVALID_TRANSFER_TARGET: "Destinatario del trasferimento non valido",
  CONFIRMATION_MISMATCH: "Conferma non corrispondente",
  IDEMPOTENCY_KEY_REUSED: "Idempotency-Key riutilizzata",
  INVALID_IMAGE: "Immagine non valida",
  UNSAFE_SVG: "SVG non sicuro",
  PRECONDITION_REQUIRED: "Condizione preliminare richiesta",
  TOO_MANY_REQUESTS: "Troppe richieste",
  ACCOUNT_LOCKED: "Account bloccato",
  INTERNAL_ERROR: "Errore interno",
  BAD_GATEWAY: "Risposta errata del servizio",
  SERVICE_UNAVAILABLE: "Servizio non disponibile",
  PAYMENT_UNAVAILABLE: "Pagamento non eseguito",
  PAYOUT_UNAVAILABLE: "Versamento non ancora eseguito",
};

export const requestNotValid = "La richiesta non è valida.";
export const bodyNotJson = "Il contenuto non è un JSON valido.";
export const bodyNotExpected = "Questa route non accetta alcun contenuto.";
export const bodyNotJsonMediaType = "La preghiamo di inviare il contenuto come application/json.";
export const bodyTooLarge = "Il contenuto supera 1 MiB.";
export const requestTooLarge = "La richiesta supera 10 MiB.";
export const textControlCharacters =
  "Nei testi non sono ammessi caratteri di controllo né caratteri che modificano la direzione di scrittura.";
export const fieldControlCharacters =
  "Non sono ammessi caratteri di controllo né caratteri che modificano la direzione di scrittura.";
export const pathIdUnknown = "Non esiste nulla con questo valore di {parameter}.";
export const pathNotPercentEncoded =
  "Il percorso non è codificato correttamente con la codifica percentuale.";
export const routeUnknown = "Non esiste alcuna route {method} {path}.";
export const cursorNotValid = "Cursore non valido.";
export const idempotencyKeyFormat = "Utilizzi da 1 a {max} caratteri ASCII visibili.";
export const internalError = "Si è verificato un problema da parte nostra.";
export const handlerFailed = "La funzione dietro questa route non è riuscita.";
export const serviceBusy = "Il servizio è sovraccarico. La preghiamo di riprovare tra un momento.";
export const tooManyRequestsOfKind = "Troppe richieste di questo tipo. La preghiamo di riprovare più tardi.";
export const concurrentChange =
  "Qualcun altro sta modificando la stessa cosa in questo momento. La preghiamo di riprovare tra un momento.";
export const signInFirst = "Effettui prima l’accesso.";
export const bearerTokenMissing = "La preghiamo di inviare un token Bearer.";
export const authorizerFailed = "La verifica dell’accesso non è riuscita.";
export const authorizerRefused = "La verifica dell’accesso ha respinto questa richiesta.";
export const operatorCredentialsRequired = "Sono richieste le credenziali di esercizio.";
export const sessionEnded = "Questa sessione è terminata. La preghiamo di accedere di nuovo.";
export const accountGone = "Questo account non esiste più.";
export const accountClosedSinceCreated = "Nel frattempo questo account è stato chiuso.";
export const credentialsWrong = "L’indirizzo e-mail o la password non sono corretti.";
export const accountLocked = "Troppi tentativi di accesso falliti. La preghiamo di riprovare più tardi.";
export const passwordWrong = "La password non è corretta.";
export const loginEmailTaken =
  "Questo indirizzo è già l’indirizzo di accesso di un account, e un indirizzo dà accesso a un solo account. Per usarlo nella Sua organizzazione, inviti quell’account con i diritti necessari e poi ritiri questo. Se l’indirizzo è Suo e non ha aperto Lei quell’account, ne reimposti la password dalla pagina di accesso per riprenderne il controllo.";
export const invitedAddressTaken =
  "Un account usa già l’indirizzo invitato: acceda con quell’indirizzo e accetti l’invito.";
export const recoveryEqualsLoginEmail =
  "L’indirizzo di recupero deve essere diverso dall’indirizzo di accesso.";
export const recoveryEqualsInvitedAddress =
  "L’indirizzo di recupero deve essere diverso dall’indirizzo invitato, che diventa l’indirizzo di accesso.";
export const loginEqualsRecoveryEmail =
  "L’indirizzo di accesso deve essere diverso dall’indirizzo di recupero.";
export const recoveryChangedToNewLoginEmail =
  "Dopo la richiesta l’indirizzo di recupero è stato cambiato in questo indirizzo: l’indirizzo di accesso deve esserne diverso.";
export const alreadyLoginEmail = "Questo è già il Suo indirizzo di accesso.";
export const recoveryNeedsLoginLink =
  "Solo il link inviato all’indirizzo di accesso permette anche di impostare un nuovo indirizzo di recupero.";
export const passwordTooShort = "La password deve contenere almeno {min} caratteri.";
export const passwordTooLong = "La password può contenere al massimo {max} caratteri.";
export const passwordContainsEmail = "La password non deve contenere l’indirizzo di accesso.";
export const passwordTooCommon = "La password è troppo comune.";
export const passwordPolicy =
  "Almeno {min} e al massimo {max} caratteri, senza l’indirizzo di accesso o la parte prima della @, e non una password comune.";
export const linkExpiredOrUsed = "Questo link è scaduto o è già stato utilizzato. Ne richieda uno nuovo.";
export const resetLinkExpiredOrUsed =
  "Questo link è scaduto, è già stato utilizzato o è stato sostituito da uno più recente. Ne richieda uno nuovo.";
export const terminationLinkExpiredOrUsed =
  "Questo link è scaduto, è già stato utilizzato o è stato sostituito da un link di disdetta più recente.";
export const accountChangedMeanwhile =
  "Nel frattempo l’account è stato modificato. La preghiamo di riprovare.";
export const accountChangedAskNewLink = "Nel frattempo l’account è stato modificato. Richieda un nuovo link.";
export const passwordChangedMeanwhile =
  "Nel frattempo la password è stata modificata. La preghiamo di riprovare.";
export const lastLegalRepresentativeOfShared =
  "Lei è l’ultimo rappresentante legale di un’organizzazione che ha ancora altri membri: nomini prima uno di loro rappresentante legale.";
export const lastMemberOrganizationDeleting =
  "Un’organizzazione di cui Lei è l’ultimo membro è in corso di eliminazione: attenda che l’eliminazione sia conclusa.";
export const organizationNotEmpty =
  "Chiudendo il Suo account lascerebbe senza membri un’organizzazione che ha ancora {holdings}: prima disdica i suoi prodotti, saldi le sue fatture e ritiri il suo saldo, oppure elimini l’organizzazione (che fa tutto questo).";
export const tooManyMemberships =
  "Troppe appartenenze da chiudere in una sola volta. Lasci prima alcune organizzazioni.";
export const yourOrganizationChangedMeanwhile =
  "Nel frattempo una delle Sue organizzazioni è stata modificata. La preghiamo di riprovare.";
export const holdsProducts = "prodotti";
export const holdsOpenInvoices = "fatture aperte";
export const holdsUnpaidInvoices = "fatture non pagate";
export const holdsPrepaidBalance = "un saldo prepagato";
export const holdsMembers = "altri membri";
export const organizationNotFound = "Questa organizzazione non esiste.";
export const organizationDeleting =
  "Questa organizzazione è in corso di eliminazione e non può più essere modificata.";
export const organizationGone =
  "Questa organizzazione è in corso di eliminazione o non esiste più. Il pagamento non è stato eseguito (quanto addebitato viene rimborsato).";
export const organizationChangedMeanwhile = "Nel frattempo l’organizzazione è stata modificata.";
export const organizationChangedTryAgain =
  "Nel frattempo l’organizzazione è stata modificata. La preghiamo di riprovare.";
export const ifMatchRequired = "Invii If-Match con l’ETag dell’organizzazione che ha letto.";
export const organizationChangedSinceRead =
  "L’organizzazione è stata modificata dopo che l’ha letta. La legga di nuovo e riprovi.";
export const individualNameFixed =
  "L’organizzazione di una persona individuale porta il nome di questa persona e non può averne un altro.";
export const nameRequiredForType =
  "Un’associazione o un’azienda deve avere un nome: invii `name` insieme al nuovo tipo.";
export const tooManyBillingAddresses =
  "Un’organizzazione può avere al massimo {max} indirizzi di fatturazione aggiuntivi. Ne rimuova prima uno.";
export const billingAddressNotFound = "Questo indirizzo di fatturazione non esiste.";
export const logoTypeNotAllowed = "Un logo è un’immagine in formato image/png, image/jpeg o image/svg+xml.";
export const logoTooLarge = "Un logo può pesare al massimo {maxKib} KiB.";
export const logoNotFound = "Questa organizzazione non ha un logo.";
export const uploadNotFound = "Questo caricamento non esiste.";
export const imageNotPng = "Il file non è un’immagine PNG.";
export const imageNotJpeg = "Il file non è un’immagine JPEG.";
export const svgNotUtf8 = "Un logo SVG deve essere un testo in UTF-8.";
export const svgRootMissing = "Il file non è un’immagine SVG: il suo elemento radice deve essere <svg>.";
export const svgUnsafe = "Un logo SVG può contenere solo disegni; questo contiene {reason}.";
export const svgHoldsDeclarations = "dichiarazioni di tipo di documento o di entità";
export const svgHoldsStyleAttribute = "un attributo style";
export const svgHoldsBackslash = "una barra rovesciata (un escape CSS)";
export const svgHoldsCharacterReferences = "riferimenti a caratteri";
export const svgHoldsElement = "l’elemento <{element}>";
export const svgHoldsEventHandlers = "attributi di gestione degli eventi";
export const svgHoldsLinks = "link ad altri documenti";
export const svgHoldsReferences = "riferimenti ad altri documenti";
export const svgHoldsActiveContent = "contenuti attivi";
export const administratorRequired =
  "Solo un amministratore o un rappresentante legale può eseguire questa operazione.";
export const legalRepresentativeRequired = "Solo un rappresentante legale può eseguire questa operazione.";
export const billingRightsRequired =
  "Per questa operazione Le servono i diritti di fatturazione in questa organizzazione.";
export const productAccessRequired = "Lei non ha accesso a questo prodotto.";
export const grantingBillingRightsRequired =
  "Solo un rappresentante legale o un membro con diritti di fatturazione può concedere i diritti di fatturazione.";
export const cannotRaiseOwnRights =
  "Nessuno può estendere il proprio ruolo o i propri diritti: questa modifica deve farla un altro rappresentante legale o amministratore.";
export const lastLegalRepresentative =
  "L’ultimo rappresentante legale dell’organizzazione non può essere né rimosso né declassato.";
export const memberBeingRemoved =
  "Questo membro è in corso di rimozione. Attenda che la rimozione sia conclusa.";
export const memberBeingRemovedOtherwise =
  "Questo membro è già in corso di rimozione, con altre decisioni. Attenda che quella rimozione sia conclusa.";
export const alreadyMember = "Questa persona è già membro dell’organizzazione.";
export const memberNotFound = "Questo membro non esiste in questa organizzazione.";
export const memberChangedMeanwhile =
  "Nel frattempo il membro è stato modificato o ha lasciato l’organizzazione. Legga di nuovo l’elenco dei membri.";
export const productAccessUnknownProduct =
  "L’accesso può essere concesso solo ai prodotti di questa organizzazione.";
export const invitationNotFound = "Questo invito non esiste.";
export const invitationForAnotherAddress =
  "Questo invito è stato inviato a un altro indirizzo e-mail: acceda con quell’indirizzo per accettarlo.";
export const removalNotFound = "Questa rimozione non esiste.";
export const removalTakenUpMeanwhile =
  "Nel frattempo un’altra richiesta ha ripreso questa rimozione. Ne consulti lo stato.";
export const removalNotStarted =
  "Non è stato possibile avviare la rimozione; non è stato modificato nulla. La preghiamo di riprovare.";
export const dataDecisionsRequired =
  "Il membro ha {kinds}: decida per ogni tipo se trasferirlo a un altro membro o eliminarlo.";
export const dataKindDrive = "file nel Drive";
export const dataKindMailboxAccess = "accessi alle caselle di posta di altri membri";
export const dataKindCalendars = "calendari";
export const dataKindAddressBooks = "rubriche";
export const transferTargetMissing =
  "Un trasferimento richiede `toUserId`: un altro membro di questa organizzazione.";
export const productNotFound = "Questo prodotto non esiste.";
export const productNotInOrganization = "Questo prodotto non esiste in questa organizzazione.";
export const productTerminated = "Questo prodotto è già disdetto.";
export const productTerminating = "Questo prodotto è già in corso di disdetta.";
export const terminationRequestNotFound = "Per questo prodotto non c’è alcuna richiesta di disdetta.";
export const terminationRequestedMeanwhile =
  "Nello stesso momento è arrivata un’altra richiesta di disdetta per questo prodotto.";
export const orderLineRefused = "Riga {line}: {refusal}";
export const promoCodeUnknown = "Non esiste alcun codice promozionale {code}.";
export const promoCodeExpired = "Il codice promozionale {code} è scaduto.";
export const promoCodeExhausted = "Il codice promozionale {code} è stato interamente utilizzato.";
export const promoCodeExhaustedMeanwhile =
  "Nel frattempo il codice promozionale {code} è stato interamente utilizzato o è scaduto.";
export const promoCodeWrongKind = "Il codice promozionale {code} vale per {kinds}, non per {kind}.";
export const promoCodeWrongCurrency =
  "Il codice promozionale {code} è un importo in {codeCurrency}; questa organizzazione paga in {currency}.";
export const promoCodeAlreadyInCart =
  "Il codice promozionale {code} riduce già un’altra riga di questo carrello; un codice riduce una sola riga.";
export const promoCodeExists = "Esiste già un codice promozionale {code}.";
export const freeOfferNotGranted = "Questa offerta gratuita non è stata concessa a questa organizzazione.";
export const freeOfferWrongKind = "Questa offerta gratuita vale per {offerKind}, non per {kind}.";
export const freeOfferUsed = "Questa offerta gratuita è già stata utilizzata.";
export const freeOfferAlreadyInCart =
  "Questa offerta gratuita vale già per un’altra riga di questo carrello.";
export const billingAddressUnknown =
  "L’indirizzo di fatturazione non è tra gli indirizzi di fatturazione di questa organizzazione.";
export const concurrentChangeWon =
  "Una modifica simultanea è arrivata prima della Sua. La preghiamo di riprovare.";
export const invoiceNotFound = "Questa fattura non esiste.";
export const invoiceNotOpen = "Questa fattura ha lo stato {status}; si può pagare solo una fattura aperta.";
export const invoiceNoLongerOpen = "Questa fattura non è più aperta; si può pagare solo una fattura aperta.";
export const balanceTooLow = "Il saldo prepagato non copre questo importo.";
export const balanceKeptChanging = "Il saldo ha continuato a cambiare. La preghiamo di riprovare.";
export const firstOrderWithoutBalance =
  "Una nuova organizzazione non ha ancora un saldo prepagato: paghi la prima ordinazione con carta o su fattura.";
export const balanceInOtherCurrency =
  "Il saldo prepagato è in {balanceCurrency}; qui servono {currency}. Ritiri prima il saldo.";
export const topUpBeingCredited =
  "La ricarica è in corso di accredito. La preghiamo di riprovare tra un momento.";
export const paymentUnavailable =
  "Il fornitore di pagamento non ha eseguito il pagamento; non è stato addebitato né accreditato nulla. La preghiamo di riprovare.";
export const paymentAmountDiffers = "Questo pagamento è già stato richiesto con un altro importo.";
export const paymentChangedMeanwhile =
  "Nel frattempo questo pagamento è stato modificato. La preghiamo di riprovare.";
export const withdrawalNotFound = "Questo prelievo non esiste.";
export const withdrawalDiffers =
  "Questo prelievo è già stato registrato con un altro importo o un altro IBAN.";
export const payoutUnavailable =
  "Il rimborso è registrato e il saldo addebitato, ma il fornitore di pagamento non ha eseguito il versamento. Riprovi con la stessa Idempotency-Key: il versamento avverrà una sola volta.";
export const deletionConfirmationMismatch =
  "Digiti esattamente il nome dell’organizzazione per confermarne l’eliminazione.";
export const deletionPrerequisites =
  "Prima dell’eliminazione: {prerequisites}. Scelga le opzioni corrispondenti perché se ne occupi l’eliminazione.";
export const deletionPrerequisitesForResume =
  "Prima dell’eliminazione: {prerequisites}. Le opzioni dell’eliminazione non li coprono: chi l’ha richiesta deve richiederla di nuovo con le opzioni corrispondenti.";
export const deletionWonMeanwhile =
  "Un’altra richiesta di eliminazione ha avuto la precedenza. Ne consulti lo stato.";
export const deletionNotFound = "Per questa organizzazione non c’è alcuna eliminazione.";
export const deletionRunning = "L’eliminazione è in corso: la sua esecuzione ci sta ancora lavorando.";
export const deletionSucceeded = "L’eliminazione è riuscita: non c’è più nulla da riprendere.";
export const archiveNotFound =
  "Per questa organizzazione non è archiviato nulla: non è mai stata eliminata, la sua eliminazione non l’ha ancora archiviata oppure il periodo di conservazione è terminato.";
export const archivedInvoiceNotFound = "Questa fattura archiviata non esiste.";
export const mailNotFound = "Questa e-mail non esiste.";
export const mailNotFailed = "Questa e-mail ha lo stato {status}: si rinvia solo un’e-mail non riuscita.";
export const mailChangedMeanwhile = "Nel frattempo l’e-mail è stata modificata. La legga di nuovo.";
export const idempotencyKeyReused =
  "Questa Idempotency-Key è stata usata con un altro contenuto della richiesta. Per una nuova richiesta usi una nuova chiave.";
export const idempotencyRequestInFlight =
  "Una richiesta con questa Idempotency-Key è ancora in elaborazione. La preghiamo di riprovare più tardi.";
export const idempotencyKeyContended =
  "L’Idempotency-Key è passata di mano troppe volte. La preghiamo di riprovare.";
export const fieldRequired = "Campo obbligatorio.";
export const emailNotValid = "Indirizzo e-mail non valido.";
export const amountNotMinorUnits = "Gli importi sono numeri interi nella più piccola unità della valuta.";
export const removalConfirmationMissing = "Confermi la rimozione con `confirm: true`.";
export const organizationOrInvitation = "Invii un’organizzazione oppure l’invitationToken di un invito.";
export const invitedWithoutOrganization =
  "Un account invitato entra solo nell’organizzazione che lo invita: non invii alcuna organizzazione.";
export const invitedWithoutLoginEmail =
  "L’indirizzo invitato è l’indirizzo di accesso: non invii alcun loginEmail.";
export const invitedWithoutOrder =
  "Un account invitato ordina nell’organizzazione che lo invita, dopo aver effettuato l’accesso.";
export const organizationNameRequired =
  "È richiesto un nome, salvo che l’organizzazione sia una persona individuale.";
export const organizationPatchEmpty = "Invii almeno uno dei campi name, type, postalAddress, phone.";
export const memberPatchEmpty = "Invii almeno uno dei campi role, billingRights, productIds.";
export const orderLineCodeOrOffer = "Una riga ha un codice promozionale o un’offerta gratuita, non entrambi.";
export const promoPercentOrAmount = "Indichi percentOff oppure amountOff.";
export const promoAmountNeedsCurrency = "Un amountOff richiede la sua valuta.";
export const promoCurrencyWithoutAmount = "Una valuta si indica solo con un amountOff.";
export const promoExpiryPast = "La data di scadenza deve essere nel futuro.";
export const ibanMalformed =
  "Un IBAN inizia con un codice del Paese e due cifre di controllo, seguiti da lettere e cifre.";
export const ibanCountryUnsupported = "Gli IBAN del Paese {country} non sono supportati.";
export const ibanLengthWrong = "Un IBAN di {country} ha {length} caratteri.";
export const ibanCheckDigitsWrong =
  "Le cifre di controllo dell’IBAN non corrispondono: verifichi che non ci siano errori di battitura.";
