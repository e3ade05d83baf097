"""Foreign job-title words: how a title typed in Spanish, Portuguese, French, German or Italian is read in English.

The search (warehouse.products.search.correct_title) reads a query word that no English title uses through this
glossary before it guesses at the nearest title word: 'Ingeniero' is an engineer, not 'ingenuity'. Pure data and
pure functions: nothing here reads the warehouse.
"""

from __future__ import annotations

import re

# Spanish, Portuguese, French, German and Italian forms of the words of O*NET's titles, accents stripped, 4+ letters (a
# shorter query word is read as typed: 'BAU', 'ING'): the jobs (engineer, manager, analyst, scientist, teacher, nurse,
# and since 2026-12-07 the trades, offices, health, arts, transport and personal-care jobs of every major group:
# 'Tischler', 'Camarero', 'Commercialista', 'Erzieher' is a preschool teacher, a 'Notario' a lawyer), the fields that
# qualify them (research fields, and the trades', businesses' and clinics'), the ranks and fields of research titles
# ('Investigador Postdoctoral en Biologia'), and a rank of foreign-style English ('Leading Engineer', as Russian and
# Ukrainian CVs write a senior one). Each form is listed once (the first wins); German -in and -innen forms are read
# from the form without them (glossary_form). Used only for a query word that no English title uses, so "director" or
# "civil" never change; 'labor' (a German laboratory) is read only inside a compound ('Laborleiterin'). The 2026-12-07
# lines were drafted by a helper from the words O*NET's titles use, before anyone read
# tests/search_probes/foreign_titles_2026-12-07.csv: on it, 38 -> 51 of 89 first with the German forms. Added after
# reading its misses: commercialista, cadre, erzieher, contabil, loja, verfahren, gestionale, labor, molekular, the
# bioengineering forms, optik as optics, aussendienst, leading, and the phrases below (-> 69); and after a review,
# readings that had made titles confidently wrong: notaries as lawyers, a Steuerberater as an accountant, 'optico' as
# optical, equipos as equipment, a specialist physician's form with its field (a 'Tecnico Radiologo' is no radiologist);
# and after a second, line by line: licensed jobs read as another ('Asistente Social', 'Infirmier anesthesiste',
# 'Tecnico de Enfermagem', 'Rettungssanitater' are a social worker, a nurse anesthetist, a licensed practical nurse and
# an EMT), a French 'redacteur' a writer, 'chef de service', 'chef de produit', a 'Visitador Medico' a pharmaceutical
# sales representative.
# A form may give two English words where it is both noun and adjective ('quimico': chemist, chemical): such a form is
# no job of its own (JOB_WORDS), so a title that names it after a job is put in English word order ('Tecnico Radiologo':
# 'radiologist radiology technician'), where a one-word job stays in apposition ('Tecnico Electricista' is an
# electrician). The jobs come first, the fields after: a title that starts with a job is put in English word order
# (correct_title).
FOREIGN_JOB_WORDS = """
engineer: ingeniero ingeniera engenheiro engenheira ingenieur ingenieure ingegnere
manager: gerente gestor gestora gestionnaire jefe jefa leiter responsabile responsable cadre
developer: desarrollador desarrolladora desenvolvedor desenvolvedora developpeur developpeuse entwickler sviluppatore
programmer: programador programadora programmeur programmeuse programmierer programmatore
analyst: analista analyste
scientist: cientifico cientifica cientista scientifique wissenschaftler scienziato scienziata
researcher: investigador investigadora pesquisador pesquisadora chercheur chercheuse forscher ricercatore ricercatrice
teacher: maestra docente enseignant enseignante lehrer insegnante
professor: profesor profesora professeur professeure professore professoressa catedratico catedratica
nurse: enfermero enfermera enfermeiro enfermeira infirmier infirmiere krankenschwester krankenpfleger pflegefachkraft infermiere infermiera
physician: medico medica medecin arzt facharzt oberarzt assistenzarzt
surgeon: cirujano cirujana cirurgiao chirurgien chirurgienne chirurg chirurgo
dentist: dentista dentiste zahnarzt odontologo odontologa
pharmacist: farmaceutico farmaceutica pharmacien pharmacienne apotheker farmacista
psychologist: psicologo psicologa psychologue psychologe
lawyer: abogado abogada advogado advogada avocat avocate rechtsanwalt anwalt avvocato avvocata notario notaria tabeliao notaire notar notaio jurista juriste giurista
accountant: contador contadora contable comptable buchhalter contabile ragioniere commercialista steuerberater
auditor: auditora auditeur auditrice wirtschaftsprufer revisore
economist: economista economiste okonom volkswirt
statistician: estadistico estadistica estatistico estatistica statisticien statisticienne statistiker statistico
mathematician: matematico matematica mathematicien mathematicienne mathematiker
chemist chemical: quimico quimica chimiste chimique chemiker chimico chimica
physicist physical: fisico fisica physicien physicienne physiker
biologist: biologo biologa biologiste biologe
geologist: geologo geologa geologue geologe
agronomist: agronomo agronoma agronome
computer scientist: informatiker
architect: arquitecto arquitecta arquiteto arquiteta architecte architekt architetto
technician: tecnico tecnica technicien technicienne techniker
specialist: especialista specialiste spezialist specialista fachkraft fachkrafte fachmann fachfrau
consultant: consultor consultora consultante berater consulente
advisor: asesor asesora conseiller conseillere
designer: disenador disenadora projetista concepteur conceptrice gestalter progettista konstrukteur
administrator: administrador administradora administrateur administratrice amministratore
coordinator: coordinador coordinadora coordenador coordenadora coordinateur coordinatrice koordinator coordinatore
salesperson sales: vendedor vendedora vendeur vendeuse verkaufer venditore ventas vendas ventes vertrieb vendite venta venda vente vendita
driver: chofer motorista conducteur fahrer autista
cook: cocinero cocinera cozinheiro cozinheira cuisinier cuisiniere koch cuoco cuoca
mechanic mechanical: mecanico mecanica mecanique mechaniker meccanico meccanica
electrician: electricista eletricista electricien electricienne elektriker elettricista elektroniker elektroinstallateur
leader: lider
associate: asociado asociada associado associada associe associee mitarbeiter adjunto adjunta adjoint adjointe
assistant: asistente assistente auxiliar auxiliaire assistent assistante
fellow: becario becaria bolsista boursier boursiere stipendiat borsista
student: estudiante estudante etudiant etudiante studente studentessa werkstudent
carpenter: carpintero carpintera carpinteiro carpinteira charpentier charpentiere zimmermann zimmerer zimmerin zimmerleute falegname carpentiere
cabinetmaker: menuisier menuisiere tischler schreiner marceneiro marceneira ebanista ebeniste
plumber: fontanero fontanera plomero plomera gasfiter gasfitero encanador encanadora plombier plombiere klempner sanitarinstallateur
plumber hydraulic: idraulico
welder: soldador soldadora soudeur soudeuse schweisser saldatore saldatrice
mason: albanil pedreiro macon maurer muratore
painter: pintor pintora peintre maler lackierer pittore pittrice imbianchino verniciatore
operator: operador operadora operateur operatrice bediener operatore
machine operator: maschinenfuhrer maschinenbediener
machinist: usineur usineuse fraiseur fraiseuse fresador fresatore zerspanungsmechaniker
turner: tornero tornera torneiro tourneur tourneuse dreher tornitore
assembler: montador montadora ensamblador ensambladora monteuse montatore assemblatore
installer: instalador instaladora installateur installatrice installatore monteur monteure
fitter: ajusteur ajusteuse
metal fabricator: schlosser
mechatronics technician: mechatroniker
mechanic: mecanicien mecanicienne
tool maker: werkzeugmacher werkzeugmechaniker outilleur
roofer: techador tejador telhador couvreur couvreuse dachdecker
glazier: vidriero vidraceiro vitrier glaser vetraio
plasterer: yesero yesera estucador gesseiro platrier stuckateur verputzer gipser intonacatore stuccatore
tile setter: alicatador solador azulejista ladrilhador carreleur carreleuse fliesenleger piastrellista
locksmith: cerrajero cerrajera serrurier
tailor: sastre alfaiate tailleur schneider sarto sarta
seamstress: costurera costureira couturiere naherin cucitrice
baker: panadero panadera padeiro padeira boulanger boulangere backerin fornaio fornaia panettiere
pastry chef: pastelero pastelera repostero repostera confeiteiro confeiteira patissier patissiere konditor pasticcere pasticciera
butcher: carnicero carnicera acougueiro acougueira boucher bouchere metzger fleischer macellaio macellaia
waiter: camarero camarera mesero mesera garcom garconete serveur serveuse kellner cameriere cameriera
bartender: cantinero cantinera
dishwasher: lavaplatos friegaplatos plongeuse spuler lavapiatti
hairdresser: peluquero peluquera cabeleireiro cabeleireira coiffeur coiffeuse friseur parrucchiere parrucchiera
barber: barbero barbeiro barbier barbiere
esthetician: esteticista estheticienne kosmetiker estetista
massage therapist: masajista massagista massoterapeuta masseurin massaggiatore massaggiatrice
caregiver: cuidador cuidadora badante betreuungskraft
geriatric nurse: altenpfleger
nanny: ninera bambinaia nourrice kindermadchen
cleaner: limpiador limpiadora faxineiro faxineira nettoyeur nettoyeuse reinigungskraft putzkraft putzfrau gebaudereiniger
janitor: conserje zelador zeladora hausmeister custode bidello bidella
housekeeper: gobernanta governanta gouvernante hauswirtschafter
worker: trabajador trabajadora trabalhador trabalhadora travailleur travailleuse arbeiter lavoratore lavoratrice obrero obrera operario operaria ouvrier ouvriere operaio operaia
laborer: jornalero jornalera manovale bracciante hilfsarbeiter
helper: ayudante ajudante aiutante helfer hilfskraft servente
professional: profesional profissional professionnel professionnelle
clerk: oficinista escriturario escrituraria empleado empleada employe impiegato impiegata kaufmann kauffrau kaufleute sachbearbeiter angestellter angestellte
office clerk: burokaufmann burokauffrau
retail salesperson: einzelhandelskaufmann einzelhandelskauffrau
bank clerk: bankkaufmann bankkauffrau
salesperson: dependiente dependienta balconista commesso commessa
cashier: cajero cajera caissier caissiere kassierer cassiere cassiera
secretary: secretario secretaria secretaire sekretar segretario segretaria
receptionist: recepcionista receptionniste rezeptionist
stocker: reponedor reponedora repositor repositora scaffalista
warehouse worker: almacenista almoxarife magasinier magasiniere lagerist lagerarbeiter magazziniere magazziniera
packer: empacador empacadora embalador embaladora emballeur emballeuse verpacker imballatore
forklift operator: carretillero carretillera montacarguista empilhadeirista cariste staplerfahrer carrellista
crane operator: gruista grutier kranfuhrer
truck driver: camionero camionera caminhoneiro caminhoneira camionneur camionista berufskraftfahrer lkwfahrer
bus driver: busfahrer
taxi driver: taxista taxifahrer
delivery driver: repartidor repartidora entregador entregadora livreur livreuse fattorino zusteller
mail carrier: cartero carteiro facteur factrice postino postina postbote brieftrager
courier: mensajero mensajera coursier coursiere kurier
dispatcher: despachador despachadora disponent repartiteur repartitrice
pilot: piloto pilota pilote
captain: capitan capitana capitao capitaine kapitan capitano
flight attendant: azafata aeromozo aeromoza flugbegleiter
police officer: policia policier policiere polizist poliziotto poliziotta
firefighter: bombero bombera bombeiro bombeira pompier pompiere feuerwehrmann feuerwehrfrau feuerwehrleute
guard: guardia guarda gardien gardienne wachter wachmann
lifeguard: socorrista salvavidas guardavidas bademeister rettungsschwimmer bagnino bagnina
paramedic: paramedico paramedica notfallsanitater
emergency medical technician: rettungssanitater sanitater soccorritore soccorritrice
ambulance attendant: ambulancier ambulanciere
midwife: matrona comadrona partera parteira hebamme entbindungspfleger ostetrica
physical therapist: fisioterapeuta fisioterapista physiotherapeute kinesitherapeute kinesiologo kinesiologa physiotherapeut krankengymnast
occupational therapist: ergotherapeut ergotherapeute ergoterapeuta ergoterapista
speech pathologist: logopeda fonoaudiologo fonoaudiologa orthophoniste logopade logopedista
therapist: terapeuta therapeute therapeut terapista
psychotherapist: psicoterapeuta psychotherapeute psychotherapeut
veterinarian: veterinario veterinaria veterinaire tierarzt
optician: opticien opticienne optiker
optometrist: optometrista optometriste
dietitian: dietista dieteticien dieteticienne diatassistent
nutritionist: nutricionista nutritionniste nutrizionista ernahrungsberater
radiologist radiology: radiologo radiologa radiologue radiologe
psychiatrist psychiatry: psiquiatra psychiatre psychiater psichiatra
pediatrician pediatric: pediatra pediatre kinderarzt
cardiologist cardiology: cardiologo cardiologa cardiologue kardiologe
anesthesiologist anesthesiology: anestesiologo anestesiologa anestesista anesthesiste anasthesist
dermatologist dermatology: dermatologo dermatologa dermatologue dermatologe
neurologist neurology: neurologo neurologa neurologue neurologe
oncologist oncology: oncologo oncologa oncologue onkologe
gynecologist gynecology: ginecologo ginecologa gynecologue gynakologe
ophthalmologist ophthalmology: oftalmologo oftalmologa ophtalmologue augenarzt oculista
dental technician: zahntechniker odontotecnico
dental assistant: zahnarzthelfer
medical assistant: arzthelfer
laboratory technician: laboratorista laborant laborantine
resident: residente
biochemist: bioquimico biochimiste biochemiker biochimico
microbiologist: microbiologo microbiologa microbiologiste mikrobiologe
epidemiologist: epidemiologo epidemiologa epidemiologiste epidemiologe
geneticist: genetista geneticien geneticienne genetiker
ecologist: ecologo ecologa ecologue okologe
hydrologist: hidrologo hidrologa hydrologue hydrologe idrologo
meteorologist: meteorologo meteorologa meteorologue meteorologe
astronomer: astronomo astronoma astronome astronom
geographer: geografo geografa geographe geograph
historian: historiador historiadora historien historienne historiker
sociologist: sociologo sociologa sociologue soziologe
anthropologist: antropologo antropologa anthropologue anthropologe
archaeologist: arqueologo arqueologa archeologue archaologe archeologo archeologa
political scientist: politologo politologa politologue politologe
linguist: linguista linguiste
metallurgist metallurgical: metalurgico metalurgica metallurgiste
technologist: tecnologo tecnologa technologue technologe
educator: educador educadora educateur educatrice educatore padagoge pedagogo pedagoga pedagogista
preschool teacher: erzieher
instructor: instrutor instrutora instructora moniteur monitrice ausbilder istruttore istruttrice
trainer: formador formadora formateur formatrice formatore
coach: entrenador entrenadora treinador treinadora entraineur entraineuse allenatore allenatrice
tutor: tutora tuteur tutrice nachhilfelehrer
lecturer: dozent
librarian: bibliotecario bibliotecaria bibliothecaire bibliothekar
archivist: archivero archivera arquivista archiviste archivar archivista
curator: curador curadora conservateur conservatrice kurator curatore curatrice
counselor: orientador orientadora
social worker: sozialarbeiter sozialpadagoge
principal: schulleiter
journalist: periodista jornalista journaliste giornalista reportero reportera
editor: editora redakteur redattore redattrice
writer: escritor escritora ecrivain ecrivaine redacteur redactrice schriftsteller scrittore scrittrice redactor redactora autor autora autore autrice auteure
photographer: fotografo fotografa photographe fotograf
translator: traductor traductora tradutor tradutora traducteur traductrice ubersetzer traduttore traduttrice
interpreter: interprete dolmetscher
musician: musico musicista musicien musicienne musiker
singer: cantante cantora chanteur chanteuse sanger
dancer: bailarin bailarina bailarino danseur danseuse tanzer ballerino
actor: actriz ator atriz acteur actrice schauspieler attore attrice
artist: artista kunstler
illustrator: ilustrador ilustradora illustrateur illustratrice illustratore
producer: productor productora produtor produtora producteur productrice produzent produttore produttrice
announcer: locutor locutora presentador presentadora apresentador apresentadora presentateur presentatrice sprecher
drafter: dibujante delineante desenhista proyectista dessinateur dessinatrice zeichner disegnatore disegnatrice
urban planner: urbanista urbaniste stadtplaner
civil engineer: bauingenieur
industrial engineer: wirtschaftsingenieur
construction manager: bauleiter
landscaper landscape: paisajista paisagista paysagiste landschaftsgartner
gardener: jardinero jardinera jardineiro jardineira jardinier jardiniere gartner giardiniere
farmer: agricultor agricultora agriculteur agricultrice landwirt agricoltore agricoltrice granjero granjera campesino campesina fazendeiro fazendeira contadino contadina
livestock farmer: ganadero ganadera pecuarista eleveur eleveuse viehzuchter allevatore allevatrice
fisher: pescador pescadora pecheur pecheuse fischer pescatore pescatrice
forester: guardabosques forster
miner mining: minero minera mineiro mineira
miner: mineur bergmann bergleute minatore
supervisor: supervisora superviseur superviseure supervisore encargado encargada
foreman: capataz contremaitre contremaitresse vorarbeiter polier caposquadra capocantiere
director: directora diretor diretora directeur directrice direktor direttore direttrice
deputy director: subdirector subdirectora subdiretor subdiretora vizedirektor vicedirettore
deputy: stellvertreter stellvertretende stellvertretender
chief: chefe capo
executive: ejecutivo ejecutiva executivo executiva dirigente dirigeant dirigeante directivo
general manager: geschaftsfuhrer
president: presidente presidenta prasident
vice president: vicepresidente vicepresidenta vizeprasident
intern: pasante practicante estagiario estagiaria stagiaire praktikant tirocinante stagista
apprentice: aprendiz apprenti apprentie auszubildender auszubildende azubi lehrling lehrlinge apprendista
agent: agente
representative: representante representant rappresentante vertreter
buyer: comprador compradora acheteur acheteuse einkaufer compratore
broker: corretor corretora courtier courtiere makler
banker: banquero banquera banqueiro banqueira banquier banquiere bankier banchiere
recruiter: reclutador reclutadora recrutador recrutadora recruteur recruteuse selezionatore
planner: planificador planificadora planejador planejadora planificateur planificatrice pianificatore
inspector: inspectora inspetor inspetora inspecteur inspectrice prufer kontrolleur ispettore ispettrice
controller: controlador controladora controleur controleuse controllore
surveyor surveying: topografo topografa agrimensor agrimensora geometre vermesser geometra
expert: experto experta experte esperto esperta sachverstandiger sachverstandige
actuary: actuario actuaria actuaire aktuar attuario
tax advisor: fiscalista
partner: socio socia
judge: juez jueza juiz juiza juge richter giudice magistrado magistrada magistrat magistrato
paralegal: rechtsanwaltsfachangestellte rechtsanwaltsfachangestellter
official: funcionario funcionaria fonctionnaire funzionario funzionaria beamter beamtin
officer: officier ufficiale offizier
guide: guia guida fremdenfuhrer reiseleiter
""".strip()
FOREIGN_FIELD_WORDS = """
researcher research: investigacion pesquisa recherche forschung ricerca
electrical electric: electrico electrica eletrico eletrica electrique elektrisch elektro elettrico elettrica
electronic: electronico electronica eletronico eletronica electronique elektronik elettronico elettronica
graphic: grafico grafica graphique grafisch
software: logiciel logiciels
data: datos dados donnees daten dati
computer: informatica informatico computacion computacao informatique informatik
technology: tecnologia tecnologico technologie technologique tecnologie
systems: sistemas systemes systeme
network: redes reseau reseaux netzwerk rete
security: seguridad seguranca securite sicherheit sicurezza
project: proyecto proyectos projeto projetos projet projets projekt progetto
quality: calidad qualidade qualite qualitat qualita
production: produccion producao fertigung produzione
maintenance: mantenimiento manutencao entretien wartung manutenzione
finance financial: finanzas financiero financiera financeiro financeira finanzen finanziario
marketing: mercadeo mercadotecnia
business: negocios negocio empresa entreprise unternehmen azienda wirtschaft kaufmannisch kaufmannische kaufmannischer
health: salud saude sante gesundheit salute
medical: medicina medizinisch
environmental: ambiental environnemental umwelt ambientale ambiente environnement umweltschutz umwelttechnik
industrial: industrielle industriel industriale industriell gestionale
civil: zivil
mechanical: maschinenbau
aerospace: aeroespacial aerospatial aerospatiale luftfahrt aerospaziale
biomedical: biomedico biomedica biomedicale biomedizinisch medizintechnik
team: equipo equipe
equipment: equipos equipamentos equipements
school: escuela escola ecole schule scuola
university postsecondary: universidad universidade universite universitat universita universitario universitaria
laboratory: laboratorio laboratoire labor
molecular: molekular molekulare moleculaire molecolare
biomedical engineering: bioingenieria bioengenharia bioingenierie bioingegneria
store: tienda loja negozio magasin
outside sales: aussendienst
inside sales: innendienst
senior: leading
clinical: clinico clinica clinique klinisch klinische
postdoctoral: posdoctoral postdoctorant postdoctorante postdoktorand postdottorato posdoutorando posdoutorado
graduate: doctorando doctoranda doutorando doutoranda doctorant doctorante doktorand dottorando dottoranda doctorado doutorado doctorat doktorat dottorato
biology biological: biologia biologie
chemistry: chimie chemie
physics: physique physik
mathematics: matematicas mathematiques mathematik matematiche
statistics: estadisticas statistique statistik statistiche
economics: economia economie volkswirtschaft wirtschaftswissenschaften
medicine: medecine medizin
internal: interna interno interne innere
engineering: ingenieria engenharia ingenierie ingegneria genie
neuroscience: neurociencia neurociencias neurosciences neurowissenschaften neuroscienze
genetics: genetica genetique genetik
pharmacology: farmacologia pharmacologie pharmakologie
psychology: psicologia psychologie
robotics: robotica robotique robotik
bioinformatics: bioinformatica bioinformatique bioinformatik
materials: materiales materiais materiaux werkstoffe materiali werkstofftechnik
semiconductor: semiconductores semicondutor semicondutores semiconducteur semiconducteurs halbleiter semiconduttore semiconduttori halbleitertechnik
energy: energia energie
renewable: renovable renovables renovavel renovaveis renouvelable renouvelables erneuerbare rinnovabile rinnovabili
nursing: enfermeria enfermagem krankenpflege infermieristica
education: educacion educacao enseignement bildung istruzione pedagogia pedagogie padagogik
law: derecho direito droit diritto
development: desarrollo desenvolvimento developpement entwicklung sviluppo
electrical engineering: elektrotechnik
automation: automatizacion automacao automatisation automatisierung automatisierungstechnik automazione
control: controle controlo controllo regelung regelungstechnik steuerung steuerungstechnik
mechatronics: mecatronica mecatronico mecatronique mechatronik meccatronica meccatronico
telecommunications: telecomunicacion telecomunicacoes telecomunicacao telekommunikation telecomunicazioni nachrichtentechnik
structural: estructural estructuras estrutural estruturas structurel structurelle strukturell strutturale strutture tragwerksplanung statik
process: proceso processo procede prozess prozesse verfahrenstechnik processi verfahren
manufacturing: manufactura fabricacion fabricacao herstellung fabbricazione manifatturiero manifatturiera
mining: mineria mineracao minier miniere bergbau minerario mineraria
petroleum: petroleo petrolera petrolero petroleiro petroleira petrolifero petrolifera petrolier petroliere erdol petrolio
automotive: automotriz automotor automotivo automotiva automobilindustrie fahrzeugtechnik automobilistico automobilistica
vehicle: vehiculo veiculo vehicule fahrzeug fahrzeuge veicolo veicoli
naval: navale schiffbau
marine: maritimo maritima maritim marittimo marittima
agricultural: agricola agricole agrar agrario agraria agropecuario agropecuaria landwirtschaftlich
agriculture: agricultura agricoltura landwirtschaft agrarwissenschaften
agronomy: agronomia agronomie
food: alimentos alimentacion alimentacao alimentario alimentaria alimentar alimentaire lebensmittel lebensmitteltechnik nahrungsmittel alimentare alimentari alimenti
kitchen: cocina cozinha kuche cucina
textile: textil textilien textiltechnik tessile tessili
photovoltaic: fotovoltaico fotovoltaica photovoltaique photovoltaik
solar: solaire solare
wind: eolico eolica eolien eolienne windenergie windkraft
battery: bateria batterie batterien batteria
hydrogen: hidrogeno hidrogenio hydrogene wasserstoff idrogeno
power: potencia potenza puissance energietechnik
nuclear: nucleaire nuklear kerntechnik nucleare
optics: optique optik
optical: optico optica ottico ottica optisch optische
photonics: fotonica photonique photonik
quantum: cuantico cuantica quantico quantica quantique quanten quantistico quantistica
nanotechnology: nanotecnologia nanotechnologie nanotecnologie
microelectronics: microelectronica microelectronique mikroelektronik microelettronica
electrical: electricidad eletricidade electricite elettricita
electromechanical: electromecanico electromecanica eletromecanico eletromecanica electromecanique elektromechanik elettromeccanico elettromeccanica
instrumentation: instrumentacion instrumentacao strumentazione messtechnik
metrology: metrologia metrologie
metallurgical: metalurgia metallurgie metallurgique metallurgia
chemical: chemisch chemische chemischer chemietechnik
biological: biologisch biologische biologico biologica
technical: technisch technische technischer technischen
research: wissenschaftlich wissenschaftliche wissenschaftlicher
building: edificacion edificacao edificio gebaude gebaudetechnik edilizio edile
construction: construccion construcao bauwesen hochbau costruzione costruzioni edilizia
hydraulic: hidraulico hidraulica hydraulique hydraulik hydraulisch hydraulische idraulica
geotechnical: geotecnia geotecnica geotechnique geotechnik
highway: carretera rodoviario rodoviaria strassenbau stradale
railroad: ferroviario ferroviaria ferroviaire ferrocarril ferrovia eisenbahn bahn
transportation: transporte trasporto trasporti verkehr
aeronautical: aeronautico aeronautica aeronautique aeronautik
aviation: aviacion aviacao aviazione
space: espacial raumfahrt spaziale spatiale
water: agua eaux wasser acqua acque hidrico hidrica
waste: residuos residus abfall rifiuti
sustainability: sostenibilidad sustentabilidade durabilite nachhaltigkeit sostenibilita
forestry: forestal florestal forestier forestiere forstwirtschaft forestale
livestock: ganaderia pecuaria elevage viehzucht allevamento zootecnia zootechnie
animal: animales animais animaux tiere animali
fishing: pesca peche fischerei pesquero pesquera pesqueiro
aquaculture: acuicultura aquicultura aquakultur acquacoltura
plastic: plastico plastique kunststoff kunststoffe kunststofftechnik plastica
metal: metales metais metaux metall metallo metalli
steel: acero acier stahl acciaio
welding: soldadura soldagem soudure schweisstechnik saldatura
machining: mecanizado usinagem usinage zerspanung
surveying: topografia topographie vermessung agrimensura
geology: geologia geologie
hydrology: hidrologia hydrologie idrologia
meteorology: meteorologia meteorologie
astronomy: astronomia astronomie
biochemistry: bioquimica biochimie biochemie biochimica
microbiology: microbiologia microbiologie mikrobiologie
immunology: inmunologia imunologia immunologie immunologia
toxicology: toxicologia toxicologie toxikologie tossicologia
ecology: ecologia ecologie okologie
pathology: patologia pathologie
oncology: oncologia oncologie onkologie
cardiology: cardiologia cardiologie kardiologie
dermatology: dermatologia dermatologie
neurology: neurologia neurologie
psychiatry: psiquiatria psychiatrie psichiatria
gynecology: ginecologia gynecologie gynakologie
obstetrics: obstetricia obstetrique geburtshilfe ostetricia
ophthalmology: oftalmologia ophtalmologie augenheilkunde
orthopedic: ortopedia orthopedie orthopadie traumatologia
pediatric: pediatria pediatrie padiatrie pediatrico pediatrica pediatrique padiatrisch padiatrische
geriatric: geriatria geriatrie geriatrico geriatrica
surgical: quirurgico quirurgica cirurgico cirurgica chirurgical chirurgicale chirurgisch chirurgische chirurgico cirugia cirurgia chirurgie chirurgia
radiology: radiologia radiologie
imaging: imagenologia imagerie bildgebung
anesthesia: anestesia anesthesie anasthesie anestesiologia anesthesiologie anasthesiologie
emergency: urgencia emergencia urgences notfall notaufnahme emergenza
intensive: intensiva intensivo intensivmedizin
rehabilitation: rehabilitacion reabilitacao readaptation riabilitazione
therapy: terapia therapie
dental: odontologia odontologie odontologico odontologica zahnmedizin zahnmedizinisch odontoiatria dentaire dentale
veterinary: tiermedizin veterinarmedizin
pharmacy: farmacia pharmacie apotheke pharmazie
pharmaceutical: pharmazeutisch pharmazeutische pharmaceutique
nutrition: nutricion nutricao ernahrung nutrizione
epidemiology: epidemiologia epidemiologie
hospital: hospitalario hospitalaria hospitalar hospitalier hospitaliere krankenhaus klinikum ospedale ospedaliero ospedaliera
public: publico publica publique offentlich offentliche offentlicher offentlichen pubblico pubblica
occupational: ocupacional occupationnel occupationnelle
safety: arbeitssicherheit arbeitsschutz
prevention: prevencion prevencao
cybersecurity: ciberseguridad ciberseguranca cybersecurite cybersicherheit cybersicurezza
embedded: embebido embarcado embarque embarquee eingebettet eingebettete eingebetteter eingebetteten
signal: senal sinal sinais signaux segnale segnali
signal processing: signalverarbeitung
processing: procesamiento processamento traitement verarbeitung elaborazione
intelligence: inteligencia intelligenz intelligenza
artificial: artificiale kunstliche kunstlicher kunstlichen
learning: aprendizaje aprendizado aprendizagem
machine: maquina maschine maschinen macchina macchine
cloud: nube nuvem
database: datenbank datenbanken
applications: aplicacion aplicacoes aplicacao anwendung anwendungen applicazioni
mobile: movil movel mobil
infrastructure: infraestructura infraestrutura infrastruktur infrastruttura
support: soporte suporte supporto assistenza
test: prueba teste essai collaudo
validation: validacion validacao validierung validazione
programming: programacion programacao programmation programmierung programmazione
information: informacion informacao informazione
design: diseno gestaltung progettazione konstruktion
accounting: contabilidad contabilidade comptabilite buchhaltung rechnungswesen contabilita contabil
accounts: cuentas contas comptes
account: cuenta conta compte
payable: pagar
receivable: cobrar receber
billing: facturacion faturamento facturation fakturierung fatturazione
payroll: nomina paie lohnbuchhaltung gehaltsabrechnung paghe
treasury: tesoreria tesouraria tresorerie
collections: cobranza cobranca recouvrement inkasso
investment: inversiones investimento investissement investition investitionen investimenti
risk: riesgo risco risque risiko risiken rischio rischi
claims: siniestros sinistres sinistri
tax: impuestos tributario tributaria tributacao fiscalidad fiscalite steuer fisco fiscale
audit: auditoria wirtschaftsprufung
insurance: seguros versicherung versicherungen assicurazione assicurazioni assicurativo seguradora aseguradora
real estate: inmobiliario inmobiliaria imobiliario imobiliaria immobilier immobiliere immobilien immobiliare
banking: banca bancario bancaria bancaire bankwesen
bank: banco banque
sales: comercial commerciale commerciaux
management: gestion gestao gestione
planning: planificacion planeacion planejamento planification planung pianificazione
product: producto produto produit produkt prodotto
brand: marca marke marchio
digital: digitale numerique
content: contenido conteudo contenu inhalte contenuti
media: medios midia medien
advertising: publicidad publicidade publicite werbung pubblicita
communications: comunicacion comunicacao comunicacoes kommunikation comunicazione comunicazioni
human: humano humana humain humaine umane umani
resources: recursos ressources risorse
human resources: rrhh personalwesen personalabteilung
recruiting: reclutamiento recrutamento recrutement rekrutierung reclutamento
training: capacitacion capacitacao formacion formacao weiterbildung ausbildung formazione entrenamiento treinamento
purchasing: compras achats einkauf acquisti
procurement: beschaffung aprovisionamiento aprovisionamento approvisionnement approvvigionamento abastecimiento abastecimento
supply: suministro suprimentos
supplier: proveedor fornecedor fournisseur lieferant lieferanten fornitore fornitori
logistics: logistica logistique logistik logistico
inventory: inventario inventaire
warehouse: almacen armazem entrepot magazzino
customs: aduana alfandega douane zoll dogana
retail: minorista varejo einzelhandel
market: mercado marche markt mercato
administration: administracion administracao verwaltung amministrazione
administrative: administrativo administrativa administratif administrativ amministrativo amministrativa
office: oficina escritorio buro ufficio
customer: cliente kunde kunden clienti clientela
customer service: kundenservice kundendienst
service: servicio servico servizio servizi atendimento dienstleistung dienstleistungen
operations: operaciones operacoes operazioni
plant: planta usine werk stabilimento
improvement: mejora melhoria verbesserung miglioramento
continuous: continua kontinuierlich kontinuierliche
tour: turismo tourisme tourismus turistico turistica touristique
travel: viajes viagens reise reisen viaggi
hospitality: hoteleria hotelaria hotellerie hosteleria
hotel: hotelero hotelera hoteleiro hoteleira hoteliere alberghiero alberghiera
culinary: gastronomia gastronomie culinario culinaria culinaire kulinarisch
restaurant: restaurante ristorante ristorazione
art: arte kunst arti
music: musica musique musik
photography: fotografia photographie fotografie
fashion: moda
urban: urbanismo urbanisme stadtplanung urbanistica urbano urbana urbain urbaine
language: idioma lengua lingua langue sprache sprachen lingue lenguaje linguagem langage
spanish: espanol espanola espanhol espagnol spanisch spagnolo
english: ingles inglesa anglais englisch inglese
french: frances francesa francais franzosisch francese
german: aleman alemana alemao allemand deutsch tedesco
italian: italiano italiana italien italienne italienisch
chinese: chines chinois chinesisch cinese
japanese: japones japonesa japonais japanisch giapponese
literature: literatura litterature literatur letteratura letras lettres
history: historia histoire geschichte storia
geography: geografia geographie
sociology: sociologia sociologie soziologie
anthropology: antropologia anthropologie
political: politico politica politique politik politisch politische
social: sociais sociaux sozial soziale sozialer sociale sociali
science: ciencia wissenschaft scienza wissenschaften scienze
child: infantil infancia enfance infanzia ninos criancas enfants bambini
preschool: preescolar prescolaire vorschule
primary: primaria primario primaire
elementary: grundschule
secondary: secundaria secundario secondaire sekundarstufe secondaria secondario
special: especial speciale spezial
sports: deporte deportivo deportiva esporte esportivo esportiva sportivo sportiva sportif
family: familia famille familie famiglia
youth: juvenil jeunesse jugend giovanile
disability: discapacidad deficiencia behinderung disabilita
legal: juridico juridica juridique juristisch juristische giuridico giuridica legale
labor: laboral trabalhista
compliance: cumplimiento conformidade conformite
court: juzgado tribunale gericht
correctional: penitenciario penitenciaria
police: policial polizei polizia
military: militar militaire militare
""".strip()


def _glossary(text: str, separator: str | None = None) -> dict[str, str]:
    """{foreign form: English} from lines 'english: form form ...' (forms split on `separator`, default
    whitespace); the first line that lists a form wins."""
    found = {}
    for line in text.splitlines():
        english, forms = line.split(":")
        for form in forms.split(separator):
            found.setdefault(form.strip(), english.strip())
    return found


GLOSSARY = _glossary(FOREIGN_JOB_WORDS + "\n" + FOREIGN_FIELD_WORDS)
# The forms that name a job by one English noun: 'Tecnico Electricista' is two of them side by side (an
# electrician), where in 'Ingeniero Civil' only the first is.
JOB_WORDS = frozenset(form for form, english in _glossary(FOREIGN_JOB_WORDS).items() if " " not in english)

# The fields NIW petitioners' titles name, and the research ranks that are phrases, as Spanish, Portuguese, French,
# Italian and German write them (accents stripped, '|' between forms). Read as whole phrases, before the words: word by
# word, 'intelligence artificielle' is 'intelligence' (Detectives and Criminal Investigators' "Intelligence Research
# Specialist") and a word no title uses, 'aprendizaje automatico' is 'automatic', and a 'Chef de projet' is a cook.
# Titles a literal reading gets wrong are phrases too: a 'Chef de Rang' is a waiter, a 'Conducteur de Travaux' no
# driver, a 'Professeur des Ecoles' no professor, an 'Ingeniero Electricista' no electrician, and a 'Wissenschaftlicher
# Mitarbeiter' is a research scientist (as a postdoc is: correct_title), not O*NET's 'Research Associate' (19-4061
# Social Science Research Assistants). Those of 2026-12-07 were added after reading
# tests/search_probes/foreign_titles_2026-12-07.csv.
FOREIGN_TITLE_PHRASES = """
artificial intelligence: inteligencia artificial | intelligence artificielle | intelligenza artificiale | kunstliche intelligenz | ki
machine learning: aprendizaje automatico | aprendizaje de maquina | aprendizado de maquina | aprendizagem automatica | apprentissage automatique | apprendimento automatico | maschinelles lernen
deep learning: aprendizaje profundo | aprendizado profundo | apprentissage profond | apprendimento profondo
data science: ciencia de datos | ciencia de dados | ciencia dos dados | science des donnees | scienza dei dati | datenwissenschaft
computer vision: vision por computadora | vision por computador | visao computacional | vision par ordinateur | vision artificielle | visione artificiale | maschinelles sehen
natural language processing: procesamiento de lenguaje natural | procesamiento del lenguaje natural | processamento de linguagem natural | traitement du langage naturel | traitement automatique des langues | elaborazione del linguaggio naturale
project manager: chef de projet | chef de projets
team leader: chef d equipe
research scientist: charge de recherche | chargee de recherche
associate professor: maitre de conferences
research scientist: wissenschaftlicher mitarbeiter | wissenschaftliche mitarbeiterin
postdoctoral researcher: assegnista di ricerca
elementary school teacher: professeur des ecoles | professeure des ecoles
elementary school: ensino fundamental | educacion primaria | escuela primaria | ensenanza primaria | ecole primaire | scuola primaria
middle school: scuola secondaria di primo grado | scuola media
secondary school: scuola secondaria di secondo grado | educacion secundaria | escuela secundaria | ensenanza secundaria | ensino medio
occupational safety: seguranca do trabalho | seguridad laboral | seguridad industrial | prevencion de riesgos laborales | securite au travail | sicurezza sul lavoro
executive assistant: assistante de direction | assistant de direction | asistente de direccion | asistente ejecutiva | asistente ejecutivo | secretaria ejecutiva | assistente di direzione
waiter: chef de rang | empregado de mesa | empregada de mesa
construction manager: conducteur de travaux | conductrice de travaux | jefe de obra | jefa de obra | direttore dei lavori
foreman: chef de chantier | maestro de obras | maestra de obras | mestre de obras | capo cantiere | encarregado de obras
hotel housekeeper: camarera de pisos | camarero de pisos | femme de chambre
insurance broker: courtier en assurances | courtiere en assurances | courtier d assurances
social worker: asistente social | trabajador social | trabajadora social | assistente social | assistente sociale | assistant social | assistante sociale | assistant de service social | assistante de service social
nurse anesthetist: infirmier anesthesiste | infirmiere anesthesiste | enfermero anestesista | enfermera anestesista | infermiere anestesista
licensed practical nurse: tecnico de enfermagem | tecnica de enfermagem | tecnico en enfermeria | tecnica en enfermeria | tecnico de enfermeria | tecnica de enfermeria
police officer: gardien de la paix | gardienne de la paix
janitor: gardien d immeuble | gardienne d immeuble
machine operator: conducteur de ligne | conductrice de ligne | conducteur de machine | conductrice de machine
editor: redacteur en chef | redactrice en chef
public relations specialist: assessor de imprensa | assessora de imprensa | assessor de comunicacao | assessora de comunicacao
department manager: chef de service | cheffe de service | chef de rayon | cheffe de rayon
product manager: chef de produit | cheffe de produit
pharmaceutical sales representative: visitador medico | visitadora medica | visitador farmaceutico | visitadora farmaceutica | representante farmaceutico | representante farmaceutica | delegue medical | deleguee medicale | delegue pharmaceutique | pharmareferent | pharmareferentin | informatore scientifico del farmaco
sales associate: conseiller de vente | conseillere de vente | conseiller commercial | conseillere commerciale
chef: jefe de cocina | jefa de cocina | chefe de cozinha
electrical engineer: ingeniero electricista | ingeniera electricista | engenheiro eletricista | engenheira eletricista
""".strip()
FOREIGN_PHRASES = _glossary(FOREIGN_TITLE_PHRASES, "|")
FOREIGN_PHRASE_RE = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, FOREIGN_PHRASES), key=len, reverse=True)) + r")\b"
)


# The words that join a job to its field in Spanish, Portuguese, French and Italian titles ('Ingeniero de
# Software', 'Chercheur en ...'): never an English title's second word, so a title whose second word is one of them
# is put in English order even when its job is also an English word ('Director de Tecnologia').
FOREIGN_OF = frozenset(re.findall(r"[a-z]+", "de da do das dos des du del della delle dei degli di en em"))
# ... and with the articles and conjunctions, the words dropped when a title is put in English order.
FOREIGN_LINKS = FOREIGN_OF | frozenset(
    re.findall(r"[a-z]+", "in a al au aux la le les el l d y e et und der fur von zum zur im")
)
# Ranks are jobs when they come first ('Asistente de Investigacion': research assistant) and qualify the job when
# they follow it ('Profesor Asociado': associate professor).
RANKS = frozenset({"associate", "assistant"})


# German names a woman in a job with -in and women, or everyone, with -innen: 'Entwicklerin' of 'Entwickler',
# 'Biologin' of 'Biologe', 'Ingenieurinnen'. Read as the glossary's form, so each job is listed once.
_FEMININE = ("innen", "in")


def glossary_form(word: str) -> str | None:
    """The GLOSSARY form `word` is, or is the plural ('procesos', 'profesores') or German feminine ('entwicklerin',
    'biologin') of, if any."""
    for form in (word, word.removesuffix("s"), word.removesuffix("es")):
        if form in GLOSSARY:
            return form
    for ending in _FEMININE:
        stem = word.removesuffix(ending)
        if stem != word and len(stem) >= 4:
            for form in (stem, stem + "e"):
                if form in GLOSSARY:
                    return form
    return None


# The marks German, Austrian and French job ads put after a title to say it is open to every gender: '(m/w/d)',
# '(w/m/x)', '(H/F)', '(all genders)', '(gn)', or at its end without parentheses ('Chef de projet H/F'; at its start
# 'H/W' and 'M/W' are hardware and microwave); and a German degree before an engineer's title: 'Dipl.-Ing.',
# 'Dr.-Ing.'. Dropped before the title is read: as words the marks are single letters ('Softwareentwicklerin (m/w/d)'
# matched nothing), and 'Dipl' is nearest to 'dip'.
_NOT_THE_JOB = re.compile(
    r"\(\s*(?:all genders|gn|[mwfhdx](?:\s*[/|,]\s*(?:[mwfhdx]|div))+)\s*\)"
    r"|(?<![\w/])[mwfh]\s*/\s*[mwfh](?:\s*/\s*[dx])?\s*$"
    r"|\b(?:dipl|dr)\.?\s*-\s*(?=[a-z])",
    re.IGNORECASE,
)
# 'Ing.' (with its full stop, as Spanish, Italian and German titles abbreviate an engineer: 'Ing. Civil',
# 'Dipl.-Ing.'), spelled out where no glossary form is as short: 'ING' is a bank, 'ing' a word's ending.
_ENGINEER = re.compile(r"\bIng\.(?=[\s,-]|$)", re.IGNORECASE)


def plain_title(title: str) -> str:
    """`title` without the marks that say nothing of the job (_NOT_THE_JOB), and with 'Ing.' as 'Ingeniero'."""
    return _ENGINEER.sub("Ingeniero", _NOT_THE_JOB.sub(" ", title))


def job_first(typed: list[str], used: list[str]) -> bool:
    """Whether a title of two or more words names its job first, as Romance languages do: its first word is a
    foreign job (translated) not followed by another job in apposition ('Tecnico Electricista' is an electrician),
    or its second word is a foreign 'of' and a word of it was translated ('Director de Tecnologia', not the English
    'Chef de Cuisine')."""
    if typed[1] in FOREIGN_OF:
        return len(typed) > 2 and used != typed
    first, second = glossary_form(typed[0]), glossary_form(typed[1])
    apposed = second in JOB_WORDS and GLOSSARY[second] not in RANKS
    return first in JOB_WORDS and used[0] != typed[0] and not apposed


def compound(word: str, known: dict[str, int]) -> str | None:
    """A compound of two title words or GLOSSARY forms, as German writes titles ('softwareentwickler' ->
    'software developer', 'datenanalyst' -> 'data analyst'), each part 4+ letters (a German linking 's' between
    them allowed: 'sicherheitsingenieur' -> 'security engineer'); of several splits, the one whose first words are
    the most common in titles. None if there is no such split."""
    splits = []
    for cut in range(4, len(word) - 3):
        head, tail = word[:cut], word[cut:]
        if head not in known and head not in GLOSSARY and head.endswith("s") and len(head) > 4:
            head = head[:-1]  # the linking s of 'Sicherheitsingenieur'
        parts = [_part(part, known) for part in (head, tail)]
        if all(parts):
            splits.append((sum(known.get(p.split()[0], 0) for p in parts), f"{parts[0]} {parts[1]}"))
    return max(splits)[1] if splits else None


def _part(part: str, known: dict[str, int]) -> str | None:
    """A compound's part in English: its glossary word ('entwicklerin': developer), or the title word (of `known`)
    it is or is the German feminine of ('managerin': 'manager'), or None. (Only inside a compound: a word alone that
    ends in -in is an English word as often, 'plugin', 'checkin', and the spelling corrector reads 'Managerin'.)"""
    if (form := glossary_form(part)) is not None:
        return GLOSSARY[form]
    stems = (part, *(part.removesuffix(end) for end in _FEMININE if part.endswith(end)))
    return next((stem for stem in stems if len(stem) >= 4 and stem in known), None)
