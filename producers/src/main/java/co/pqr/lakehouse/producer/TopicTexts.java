package co.pqr.lakehouse.producer;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Spanish fragments per {@link Topic}. Fragments may hold {@code {slot}} placeholders that {@link
 * TextComposer} fills (see its class comment for the list).
 *
 * @param problems subject stems, lower case noun phrases ("cobro excesivo en la factura")
 * @param facts sentences describing what happened
 * @param asks sentences with what the citizen requests
 * @param denuncias sentences reporting an irregularity
 * @param praises sentences of praise
 * @param ideas sentences with a suggestion
 * @param infoTopics noun phrases for information requests and consultations
 * @param questions sentences asking for information
 * @param answers the substance of an entity's response, a clause that follows "le informamos que"
 */
record TopicTexts(
    List<String> problems,
    List<String> facts,
    List<String> asks,
    List<String> denuncias,
    List<String> praises,
    List<String> ideas,
    List<String> infoTopics,
    List<String> questions,
    List<String> answers) {

  static final Map<Topic, TopicTexts> BY_TOPIC = build();

  static TopicTexts of(Topic topic) {
    return BY_TOPIC.get(topic);
  }

  private static Map<Topic, TopicTexts> build() {
    Map<Topic, TopicTexts> m = new EnumMap<>(Topic.class);
    m.put(Topic.BILLING, new TopicTexts(
        List.of(
            "cobro excesivo en la factura",
            "factura con consumo muy elevado",
            "cobro de un servicio no prestado",
            "doble cobro en la factura de {mes}",
            "cobro de reconexión injustificado",
            "facturación por promedio sin lectura del medidor",
            "intereses de mora cobrados sin razón",
            "la factura no llega al domicilio",
            "pago no aplicado a la cuenta {contrato}",
            "cobro del impuesto predial con avalúo equivocado",
            "cobro de un seguro que nunca autoricé",
            "reporte negativo en centrales de riesgo"),
        List.of(
            "La factura de {mes} llegó por {monto}, cuando normalmente pago alrededor de {monto2}.",
            "En la cuenta {contrato} aparece un cobro de {monto} por un concepto que no reconozco.",
            "Pagué la factura el {fecha} en un punto autorizado y el pago no aparece aplicado; ahora me cobran intereses de mora.",
            "Me están cobrando dos veces el mismo periodo y tengo los dos recibos pagados.",
            "En la casa vivimos {personas} personas y el consumo que facturan es el de un local comercial.",
            "El medidor no lo leen desde hace {meses} meses y siguen facturando por promedio.",
            "Me cobraron la reconexión aunque el servicio nunca fue suspendido.",
            "La factura no llega a mi dirección desde {mes} y por eso me reportaron en mora.",
            "El avalúo que aparece en el cobro no corresponde al inmueble, es casi el doble del año pasado.",
            "Solicité la revisión del medidor el {fecha} y nadie vino.",
            "Hice un acuerdo de pago y aun así me siguen llegando cobros prejurídicos.",
            "En el estado de cuenta aparece un saldo a favor de {monto2} que nunca me devolvieron.",
            "En la factura incluyeron un seguro de {monto2} mensuales que yo nunca firmé.",
            "La casa estuvo desocupada {meses} meses y aun así facturaron un consumo alto."),
        List.of(
            "Solicito que revisen y corrijan el valor facturado y que me reintegren lo cobrado de más.",
            "Pido que envíen un técnico a revisar el medidor y que reliquiden la factura.",
            "Solicito la anulación del cobro y que no me reporten en centrales de riesgo mientras se resuelve.",
            "Requiero copia detallada de la facturación de los últimos {meses} meses.",
            "Necesito que apliquen el pago que ya hice y que retiren los intereses de mora.",
            "Solicito que en adelante la factura me llegue al correo electrónico.",
            "Pido la devolución del dinero cobrado por el seguro y la cancelación inmediata del mismo."),
        List.of(
            "Un señor que dice ser de la empresa está ofreciendo rebajar la factura a cambio de dinero en efectivo.",
            "En el edificio un vecino tiene el contador manipulado y todos pagamos más por las zonas comunes.",
            "Un funcionario me pidió {monto2} para agilizar la corrección de la factura.",
            "Hay personas que venden recibos de pago falsos en la entrada de la oficina."),
        List.of(
            "La asesora que me atendió resolvió el problema de mi factura en una sola visita y me explicó todo con paciencia.",
            "Quiero reconocer la rapidez con la que corrigieron el cobro equivocado de mi cuenta.",
            "El acuerdo de pago fue muy fácil de hacer por la app, excelente servicio.",
            "Me devolvieron el saldo a favor en menos de una semana, muy buen servicio."),
        List.of(
            "Sería bueno que la factura mostrara la comparación del consumo con los meses anteriores en una gráfica más clara.",
            "Propongo que se pueda pagar por cuotas sin tener que ir a una oficina.",
            "Sugiero enviar un mensaje de texto cuando la factura salga con un consumo muy superior al promedio.",
            "Deberían permitir pagar con código QR desde cualquier banco."),
        List.of(
            "las tarifas vigentes por estrato",
            "cómo se calcula el cobro por consumo",
            "los requisitos para un acuerdo de pago",
            "el estado de la cuenta {contrato}",
            "la liquidación del impuesto predial",
            "los descuentos por pronto pago"),
        List.of(
            "Quisiera saber cómo se calcula el valor del metro cúbico para estrato {estrato}.",
            "¿Cuáles son los requisitos para firmar un acuerdo de pago y cuántas cuotas me pueden dar?",
            "Necesito conocer el historial de pagos de la cuenta {contrato} de los últimos {meses} meses.",
            "¿Qué descuento aplica si pago el predial antes de la fecha límite?",
            "¿Se puede cambiar la fecha de pago oportuno de la factura?",
            "¿Por qué la tarifa subió este mes si el consumo fue el mismo?"),
        List.of(
            "se realizó la revisión técnica del medidor y se encontró una fuga interna; se reliquidó el consumo del periodo reclamado.",
            "una vez verificado el sistema, el pago fue aplicado correctamente y se anularon los intereses de mora generados.",
            "la lectura del medidor es correcta, por lo que se confirma el valor facturado; contra esta decisión procede el recurso de reposición dentro de los diez días hábiles siguientes.",
            "se ajustó el avalúo conforme a la información catastral actualizada y se expidió una nueva factura.",
            "las tarifas vigentes están publicadas en nuestro sitio web y se adjunta el detalle solicitado.",
            "se canceló el seguro y se ordenó la devolución de los valores cobrados en la próxima factura.")));

    m.put(Topic.SERVICE_OUTAGE, new TopicTexts(
        List.of(
            "corte de energía sin previo aviso",
            "sin servicio de agua desde hace {dias} días",
            "cortes de luz constantes en el sector",
            "baja presión del agua",
            "internet intermitente",
            "suspensión del servicio estando al día",
            "daño en el transformador del barrio {barrio}",
            "fuga de agua en la vía sin atender",
            "variaciones de voltaje que dañan los electrodomésticos",
            "falta de gas domiciliario"),
        List.of(
            "Desde el {fecha} estamos sin energía en el barrio {barrio} y nadie ha venido a revisar.",
            "El agua se va todos los días desde {hora} y no han avisado de ningún mantenimiento.",
            "Con los cortes de luz se me dañaron la nevera y el televisor.",
            "Tengo un familiar que depende de un concentrador de oxígeno y los cortes de energía ponen en riesgo su vida.",
            "La presión del agua es tan baja que no sube al segundo piso.",
            "Me suspendieron el servicio aunque tengo la factura pagada al día.",
            "El transformador de la esquina explotó y desde entonces el sector está a oscuras.",
            "Hay una tubería rota en la {direccion} botando agua desde hace {dias} días.",
            "El internet se cae varias veces al día y yo trabajo desde la casa.",
            "Llamé a la línea de daños {veces} veces y cada vez me dan un número de reporte distinto.",
            "Desde hace {semanas} semanas no tenemos gas y nos toca cocinar con leña.",
            "El agua llega turbia, con un color café y mal olor."),
        List.of(
            "Solicito el restablecimiento inmediato del servicio.",
            "Pido que me informen la causa de los cortes y cuándo se va a solucionar de fondo.",
            "Solicito el reconocimiento de los electrodomésticos dañados por las fluctuaciones de voltaje.",
            "Requiero que descuenten de la factura los días sin servicio.",
            "Pido que envíen una cuadrilla a reparar el daño lo antes posible.",
            "Solicito que analicen la calidad del agua del sector."),
        List.of(
            "En el sector hay varias conexiones ilegales a la red de energía que están causando los cortes.",
            "Unas personas se están robando el cable de cobre de los postes en las noches.",
            "Un contratista les está cobrando a los vecinos por reconectar el agua.",
            "Una empresa de la zona se conectó de manera ilegal al acueducto."),
        List.of(
            "La cuadrilla que vino a reparar el daño trabajó hasta tarde en la noche y dejó todo funcionando.",
            "Agradezco la rápida atención del reporte de daño; en menos de dos horas teníamos el servicio.",
            "El técnico que revisó la instalación fue muy respetuoso y explicó todo lo que hizo."),
        List.of(
            "Sería muy útil que avisaran por mensaje de texto los cortes programados.",
            "Sugiero publicar en la app el tiempo estimado de reparación de cada daño.",
            "Propongo que los cortes programados se hagan en la noche y no en horario laboral."),
        List.of(
            "los cortes programados en el sector",
            "el procedimiento para reclamar por electrodomésticos dañados",
            "el estado del reporte de daño {radicado_prev}",
            "la calidad del agua en el barrio {barrio}"),
        List.of(
            "¿Cuándo están programados los próximos cortes en el barrio {barrio}?",
            "¿Qué documentos debo presentar para reclamar por un electrodoméstico dañado por una variación de voltaje?",
            "Quiero saber en qué va el reporte de daño que hice el {fecha}.",
            "¿El agua del acueducto es apta para el consumo después de las lluvias?"),
        List.of(
            "la interrupción obedeció a una falla en el circuito que alimenta su sector, la cual fue reparada; el servicio se encuentra restablecido.",
            "se programó la visita técnica para revisar la presión en la red de su sector.",
            "para reclamar por daño de equipos debe aportar la factura de compra y el concepto técnico; se adjunta el formato.",
            "la suspensión se debió a un error en el reporte de pago, ya corregido, y no se cobrará la reconexión.",
            "se reemplazó el transformador averiado y se normalizó el servicio en el sector.")));

    m.put(Topic.STAFF_TREATMENT, new TopicTexts(
        List.of(
            "mala atención en la sede {sede}",
            "trato irrespetuoso de un funcionario",
            "demora excesiva en la atención",
            "no contestan la línea de atención",
            "funcionario se negó a recibir documentos",
            "atención deficiente en ventanilla",
            "no respetan el turno preferencial"),
        List.of(
            "El {fecha} fui a la sede {sede} y el funcionario que me atendió me gritó delante de todos.",
            "Esperé más de {horas} horas para que me atendieran y al final me dijeron que volviera otro día.",
            "La persona de la ventanilla se negó a recibir mis documentos sin darme ninguna explicación.",
            "Llamé a la línea de atención durante toda la semana y nunca contestan.",
            "El vigilante no dejó entrar a mi mamá, que es adulta mayor, porque llegó cinco minutos antes de cerrar.",
            "Me atendieron con mucha grosería y me colgaron la llamada.",
            "No hay turno preferencial para personas con discapacidad; mi hijo está en silla de ruedas y tuvo que hacer toda la fila.",
            "El asesor del chat me dio una información y en la oficina me dijeron otra totalmente distinta.",
            "La funcionaria estaba comiendo y hablando por celular mientras la fila no avanzaba."),
        List.of(
            "Solicito que se tomen medidas correctivas con el funcionario y que me den una respuesta por escrito.",
            "Pido que se mejore la atención y que se respeten los turnos preferenciales.",
            "Exijo una disculpa y que me atiendan el trámite pendiente.",
            "Solicito que se abra una investigación disciplinaria."),
        List.of(
            "Un funcionario de la ventanilla pide dinero para dar turno prioritario.",
            "Hay tramitadores en la entrada de la sede que venden los turnos, y los guardas lo permiten.",
            "Un contratista usa el carro oficial para asuntos personales los fines de semana."),
        List.of(
            "Quiero felicitar a {funcionario} por su amabilidad y paciencia; me explicó todo el trámite.",
            "El personal de la sede {sede} me atendió de manera excelente, rápida y respetuosa.",
            "Gracias al asesor del chat que me ayudó a resolver todo sin tener que ir a la oficina.",
            "La señora de la portería ayudó a mi papá, que no puede caminar bien, hasta la ventanilla."),
        List.of(
            "Sugiero habilitar un sistema de turnos por internet para no hacer filas tan largas.",
            "Deberían poner sillas y agua en la sala de espera, la gente espera horas de pie.",
            "Propongo ampliar el horario de atención los sábados.",
            "Sería bueno tener intérprete de lengua de señas en las sedes."),
        List.of(
            "los horarios de atención de la sede {sede}",
            "cómo pedir un turno preferencial",
            "los canales de atención disponibles"),
        List.of(
            "¿Cuál es el horario de atención de la sede {sede} en temporada de vacaciones?",
            "¿Cómo puedo solicitar un turno preferencial para un adulto mayor?",
            "¿Hay algún número de WhatsApp oficial para hacer consultas?"),
        List.of(
            "lamentamos la experiencia; el caso fue trasladado al jefe del área, quien adelantará las acciones de mejora con el servidor involucrado.",
            "se reforzó el protocolo de atención preferencial en la sede y se capacitó al personal.",
            "el caso fue remitido a Control Interno Disciplinario para lo de su competencia.",
            "agradecemos su mensaje, el cual fue compartido con el equipo de atención.")));

    m.put(Topic.PROCEDURES, new TopicTexts(
        List.of(
            "demora en la expedición del certificado de {certificado}",
            "trámite del certificado de {certificado} sin respuesta",
            "pérdida de documentos radicados",
            "no hay citas para pasaporte",
            "error en el certificado expedido",
            "el trámite en línea no funciona",
            "solicitud de paz y salvo",
            "cobro del trámite sin entrega del documento"),
        List.of(
            "Radiqué la solicitud del certificado de {certificado} el {fecha} y todavía no me lo entregan.",
            "La página para hacer el trámite en línea siempre muestra un error al adjuntar los documentos.",
            "En el certificado que me expidieron mi nombre aparece mal escrito.",
            "Me dijeron que mis documentos se perdieron y que debo empezar todo el trámite de nuevo.",
            "No hay citas disponibles para pasaporte en las próximas {semanas} semanas y necesito viajar.",
            "Ya pagué los derechos del trámite, {monto2}, y me dicen que el pago no aparece.",
            "Me piden un documento que ya había entregado con la radicación {radicado_prev}.",
            "Necesito el certificado para una entrevista de trabajo y el plazo se vence.",
            "Cada vez que voy me piden un requisito diferente que no aparece en la página."),
        List.of(
            "Solicito la expedición del certificado a la mayor brevedad.",
            "Pido que corrijan el error y que me entreguen el documento corregido sin costo.",
            "Solicito que me informen el estado del trámite y la fecha de entrega.",
            "Requiero que me asignen una cita prioritaria.",
            "Solicito copia de todos los documentos que reposan en mi expediente."),
        List.of(
            "En la fila del trámite hay personas que cobran {monto2} por conseguir citas que supuestamente están agotadas.",
            "Una funcionaria está expidiendo certificados sin el lleno de requisitos a cambio de dinero.",
            "Un tramitador ofrece pasaportes en dos días por fuera del sistema de citas."),
        List.of(
            "El trámite en línea fue rapidísimo: en dos días tenía el certificado en el correo.",
            "Felicito al equipo de la oficina de pasaportes por la organización y la buena atención.",
            "Me orientaron muy bien sobre los requisitos y pude hacer todo en una sola visita."),
        List.of(
            "Sería bueno que el estado de los trámites se pudiera consultar en línea con el número de radicado.",
            "Sugiero que los certificados se puedan descargar directamente de la página sin hacer la solicitud.",
            "Propongo publicar una lista clara y única de requisitos para cada trámite."),
        List.of(
            "los requisitos para el certificado de {certificado}",
            "el costo del certificado de {certificado}",
            "el estado del radicado {radicado_prev}",
            "el procedimiento para apostillar documentos",
            "la expedición del pasaporte"),
        List.of(
            "¿Cuáles son los requisitos y el costo para obtener el certificado de {certificado}?",
            "¿Cuánto se demora la expedición del pasaporte y se puede pagar en línea?",
            "Necesito saber en qué estado está mi solicitud radicada con el número {radicado_prev}.",
            "¿Un tercero puede reclamar el certificado con una autorización autenticada?",
            "¿El certificado de {certificado} tiene alguna vigencia?"),
        List.of(
            "el certificado solicitado fue expedido y enviado al correo electrónico registrado.",
            "se corrigió la información del documento y puede reclamarlo en la sede sin costo adicional.",
            "los requisitos del trámite son el documento de identidad, el formulario diligenciado y el comprobante de pago; el tiempo de respuesta es de cinco días hábiles.",
            "su solicitud se encuentra en revisión por parte del área jurídica y una vez se emita concepto se le notificará.",
            "se habilitaron nuevas citas para pasaporte que puede agendar en el portal.")));

    m.put(Topic.ROADS_LIGHTING, new TopicTexts(
        List.of(
            "hueco en la vía de la {direccion}",
            "alumbrado público dañado en el barrio {barrio}",
            "vía en mal estado en la vereda {vereda}",
            "semáforo dañado",
            "andén destruido",
            "derrumbe que tapa la vía",
            "postes sin luz en el parque",
            "obra abandonada en la {direccion}"),
        List.of(
            "En la {direccion} hay un hueco enorme que ya ha causado varios accidentes de motos.",
            "Las lámparas del alumbrado público de la cuadra llevan {semanas} semanas apagadas y de noche es muy peligroso.",
            "La vía que comunica la vereda {vereda} con el casco urbano está intransitable; los carros no pueden subir.",
            "El semáforo del cruce de la {direccion} está dañado desde el {fecha}.",
            "Por las lluvias se presentó un derrumbe que tapó la mitad de la vía.",
            "El andén está levantado por las raíces de un árbol y las personas en silla de ruedas no pueden pasar.",
            "Arreglaron la vía hace {meses} meses y ya está otra vez llena de huecos.",
            "Un hueco sin señalizar me dañó la llanta y el rin del carro.",
            "La obra de la {direccion} lleva {meses} meses parada y dejaron las zanjas abiertas."),
        List.of(
            "Solicito la reparación urgente de la vía.",
            "Pido que cambien las luminarias dañadas.",
            "Solicito que se señalice el sitio mientras se hace la reparación.",
            "Pido que me indemnicen por los daños al vehículo.",
            "Solicito una visita técnica para evaluar el riesgo."),
        List.of(
            "El contratista de la obra de la {direccion} dejó todo abandonado hace {meses} meses y ya cobró el anticipo.",
            "Están usando material de mala calidad en la pavimentación; ya se está desmoronando.",
            "Las luminarias nuevas que instalaron las están desmontando de noche para venderlas."),
        List.of(
            "Quiero agradecer por la pavimentación de la vía del barrio {barrio}, quedó muy bien.",
            "Felicitaciones por el cambio de las luminarias a LED; el parque está mucho más seguro.",
            "La cuadrilla atendió el derrumbe en pocas horas, muchas gracias."),
        List.of(
            "Propongo construir un reductor de velocidad frente a la escuela.",
            "Sugiero una ciclorruta en la {direccion}, por ahí pasan muchos ciclistas.",
            "Sería bueno pintar las cebras peatonales cerca del hospital."),
        List.of(
            "el cronograma de pavimentación del barrio {barrio}",
            "el contrato de la obra de la {direccion}",
            "el procedimiento para reclamar por daños en la vía"),
        List.of(
            "¿Cuándo está programada la pavimentación de la vía de la vereda {vereda}?",
            "Solicito información sobre el contrato, el valor y el plazo de la obra de la {direccion}.",
            "¿Cuál es el procedimiento para reclamar por daños causados por un hueco en la vía?"),
        List.of(
            "la reparación del tramo fue incluida en el plan de mantenimiento vial y se ejecutará en las próximas semanas.",
            "se realizó el cambio de las luminarias reportadas.",
            "se programó visita técnica de la Secretaría de Infraestructura para evaluar el estado de la vía.",
            "para la reclamación por daños debe aportar el informe del accidente, fotografías y facturas de reparación.",
            "se requirió al contratista para reanudar la obra y se inició el proceso de incumplimiento.")));

    m.put(Topic.HEALTH, new TopicTexts(
        List.of(
            "negación de la entrega del medicamento {medicamento}",
            "demora en la autorización de cita con {especialidad}",
            "no hay agenda para cita de {especialidad}",
            "autorización de cirugía sin respuesta",
            "cobro de copago indebido",
            "mala atención en urgencias",
            "traslado de IPS sin consentimiento",
            "incapacidad sin pagar"),
        List.of(
            "El médico me formuló {medicamento} hace {semanas} semanas y la farmacia dice que no hay.",
            "Necesito una cita con {especialidad} y me dicen que no hay agenda hasta dentro de {meses} meses.",
            "La autorización de la cirugía lleva {dias} días en trámite y el dolor es cada vez peor.",
            "En urgencias esperamos {horas} horas con mi hija con fiebre alta sin que nadie nos atendiera.",
            "Me están cobrando copago aunque tengo una enfermedad de alto costo.",
            "Mi mamá tiene {edad} años y le cambiaron la IPS a una que queda muy lejos de la casa.",
            "La incapacidad no me la han pagado y ya pasaron {semanas} semanas.",
            "Tengo diagnóstico de {diagnostico} y el tratamiento no se puede interrumpir.",
            "En la farmacia me entregaron solo la mitad de {medicamento} y dicen que vuelva el otro mes.",
            "Me negaron el examen que ordenó el especialista porque supuestamente no está cubierto."),
        List.of(
            "Solicito la entrega inmediata del medicamento formulado.",
            "Pido que me asignen la cita con el especialista lo antes posible.",
            "Solicito la autorización del procedimiento ordenado por el médico tratante.",
            "Pido que me devuelvan el copago cobrado de manera indebida.",
            "Solicito que me regresen a mi IPS anterior.",
            "De no obtener respuesta, acudiré a la acción de tutela."),
        List.of(
            "En la farmacia venden por fuera los medicamentos que dicen que no hay.",
            "Un funcionario ofrece agilizar autorizaciones a cambio de dinero.",
            "Una IPS está cobrando consultas que nunca se hicieron."),
        List.of(
            "Quiero felicitar al personal de urgencias de la sede {sede} por la atención tan humana que recibió mi papá.",
            "La doctora que me atendió fue muy amable y se tomó el tiempo de explicarme el tratamiento.",
            "Me entregaron los medicamentos a domicilio a tiempo, excelente servicio."),
        List.of(
            "Sugiero que los medicamentos pendientes se puedan enviar a domicilio a los adultos mayores.",
            "Sería bueno poder ver en la app la agenda disponible de especialistas.",
            "Propongo que las autorizaciones de controles se renueven automáticamente."),
        List.of(
            "la red de farmacias autorizadas",
            "los requisitos para el pago de incapacidades",
            "la cobertura del plan de beneficios",
            "el traslado de IPS"),
        List.of(
            "¿El medicamento {medicamento} está incluido en el plan de beneficios?",
            "¿Qué documentos necesito para el reconocimiento de una licencia de maternidad?",
            "¿Cómo puedo solicitar el traslado de IPS?",
            "¿Cuánto es el copago para una cirugía si soy beneficiario?"),
        List.of(
            "el medicamento fue dispensado en la farmacia de su sede y se programó la entrega de los pendientes a domicilio.",
            "se asignó la cita con la especialidad solicitada; la fecha y la hora le serán informadas por mensaje de texto.",
            "el procedimiento fue autorizado y puede consultar la autorización en la app.",
            "el cobro del copago corresponde a la normatividad vigente para su categoría de afiliación.",
            "se realizó la devolución del valor cobrado a la cuenta registrada.",
            "la incapacidad fue liquidada y el pago se verá reflejado en los próximos cinco días hábiles.")));

    m.put(Topic.SECURITY, new TopicTexts(
        List.of(
            "inseguridad en el barrio {barrio}",
            "robos frecuentes en el parque",
            "expendio de drogas cerca del colegio",
            "riñas y escándalos en la madrugada",
            "falta de presencia policial",
            "motos sin placa haciendo piques",
            "cámaras de seguridad dañadas"),
        List.of(
            "En el barrio {barrio} han robado a {veces} personas esta semana a la salida del metro.",
            "En el parque de la {direccion} venden droga a toda hora, incluso cerca de los niños.",
            "Todos los fines de semana hay riñas hasta la madrugada y la policía no llega.",
            "A mi hijo le robaron el celular con cuchillo a dos cuadras de la casa.",
            "Llamamos al cuadrante varias veces y nunca contesta.",
            "Las cámaras de seguridad del sector llevan meses dañadas.",
            "Hay motos sin placa haciendo piques en la noche en la {direccion}.",
            "Se metieron a robar a {veces} casas de la cuadra en el último mes."),
        List.of(
            "Solicitamos mayor presencia de la policía y patrullajes nocturnos.",
            "Pedimos que se reparen las cámaras de seguridad del sector.",
            "Solicito que se intervenga el parque y se recupere el espacio público.",
            "Pido que se realice un consejo de seguridad con la comunidad."),
        List.of(
            "En la casa de la {direccion} funciona una olla de vicio y hay movimiento toda la noche.",
            "Hay un grupo que les cobra vacuna a los comerciantes del sector.",
            "Unos policías del cuadrante reciben plata de los que venden droga.",
            "Están reclutando menores de edad a la salida del colegio."),
        List.of(
            "Agradecemos a la policía del cuadrante por la rápida reacción cuando intentaron robar en la tienda.",
            "La intervención del parque quedó muy bien; ahora las familias pueden volver a usarlo.",
            "Gracias por instalar las cámaras nuevas, se siente la diferencia."),
        List.of(
            "Sugerimos crear un frente de seguridad ciudadana con alarmas comunitarias.",
            "Proponemos iluminar mejor el sendero peatonal que va hacia la estación.",
            "Sería bueno hacer actividades culturales en el parque para recuperarlo."),
        List.of(
            "el número del cuadrante del barrio {barrio}",
            "cómo conformar un frente de seguridad",
            "las estadísticas de hurtos en la comuna {comuna}"),
        List.of(
            "¿Cuál es el número del cuadrante de policía del barrio {barrio}?",
            "¿Qué requisitos hay para conformar un frente de seguridad en la cuadra?",
            "Solicito las estadísticas de hurtos de la comuna {comuna} del último año."),
        List.of(
            "el caso fue remitido a la Policía Metropolitana para reforzar los patrullajes en el sector.",
            "se programó una intervención interinstitucional en el parque.",
            "la información fue trasladada a la Fiscalía General de la Nación por ser de su competencia.",
            "el número del cuadrante puede consultarse en la página de la Policía Nacional; se adjunta el directorio.")));

    m.put(Topic.ENVIRONMENT, new TopicTexts(
        List.of(
            "ruido excesivo de establecimiento comercial",
            "basuras acumuladas en la esquina",
            "quema de basuras",
            "tala de árboles sin permiso",
            "malos olores por aguas residuales",
            "escombros en el espacio público",
            "perros abandonados en el sector",
            "contaminación de la quebrada"),
        List.of(
            "El bar de la {direccion} pone música a todo volumen hasta las {hora_madrugada} de la mañana.",
            "El carro de la basura no pasa desde hace {dias} días y la esquina está llena de bolsas y ratas.",
            "Un vecino quema basura todas las tardes y el humo se entra a las casas; tengo un niño con asma.",
            "Están talando los árboles del separador de la {direccion} sin ningún permiso visible.",
            "La quebrada huele muy mal; al parecer le están descargando aguas negras.",
            "Dejaron escombros en el andén y ya van {semanas} semanas sin que los recojan.",
            "Una fábrica del sector bota humo negro todo el día.",
            "Hay una jauría de perros abandonados que ya mordió a dos niños."),
        List.of(
            "Solicito una visita de control de ruido y que se sancione al establecimiento.",
            "Pido que se programe la recolección de basuras y se limpie el sitio.",
            "Solicito que se verifique si la tala cuenta con permiso ambiental.",
            "Pido que se haga seguimiento a la calidad del agua de la quebrada.",
            "Solicito que recojan los animales y los lleven a un albergue."),
        List.of(
            "Una volqueta descarga escombros de noche en el lote de la {direccion}.",
            "Están rellenando el humedal del barrio para construir.",
            "Un taller bota aceite usado directamente al alcantarillado."),
        List.of(
            "Felicitaciones por la jornada de siembra de árboles en el barrio {barrio}.",
            "El servicio de recolección de reciclaje ha mejorado muchísimo, gracias.",
            "La limpieza de la quebrada quedó excelente."),
        List.of(
            "Sugiero poner contenedores de reciclaje en el parque.",
            "Propongo hacer campañas de tenencia responsable de mascotas.",
            "Sería bueno tener un punto limpio para entregar pilas y aparatos electrónicos."),
        List.of(
            "los horarios de recolección de basuras",
            "los permisos de tala de árboles",
            "la recolección de escombros"),
        List.of(
            "¿Cuáles son los días y horarios de recolección de basuras en el barrio {barrio}?",
            "¿Qué trámite se necesita para podar un árbol que está dañando el techo de mi casa?",
            "¿Dónde puedo llevar escombros de una remodelación pequeña?"),
        List.of(
            "se realizó la visita de control de ruido y se impuso medida correctiva al establecimiento.",
            "se programó la recolección y limpieza del punto crítico reportado.",
            "la tala cuenta con permiso de la autoridad ambiental por riesgo de caída de los árboles.",
            "se remitió el caso a la autoridad ambiental competente.")));
    return m;
  }
}
