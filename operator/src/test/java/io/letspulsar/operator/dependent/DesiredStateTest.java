package io.letspulsar.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DesiredStateTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  // The desired probe: failureThreshold 1. The server adds defaults, two of them also 1.
  private static final String DESIRED =
      "{'kind':'Deployment','metadata':{'name':'a','labels':{'app':'x'}},"
          + "'spec':{'replicas':1,'probe':{'failureThreshold':1},'env':[{'name':'A'}]}}";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "server defaults equal to a desired value | true |"
            + " {'kind':'Deployment','metadata':{'name':'a','labels':{'app':'x'},"
            + "'resourceVersion':'7','annotations':{'deployment.kubernetes.io/revision':'1'}},"
            + "'spec':{'replicas':1,'probe':{'failureThreshold':1,'timeoutSeconds':1,"
            + "'successThreshold':1},'env':[{'name':'A','value':''}]},'status':{'replicas':1}}",
        "a changed value | false |"
            + " {'kind':'Deployment','metadata':{'name':'a','labels':{'app':'x'}},"
            + "'spec':{'replicas':2,'probe':{'failureThreshold':1},'env':[{'name':'A'}]}}",
        "a list element the desired state dropped | false |"
            + " {'kind':'Deployment','metadata':{'name':'a','labels':{'app':'x'}},"
            + "'spec':{'replicas':1,'probe':{'failureThreshold':1},"
            + "'env':[{'name':'A'},{'name':'TOKEN'}]}}",
        "a missing label | false |"
            + " {'kind':'Deployment','metadata':{'name':'a','labels':{}},"
            + "'spec':{'replicas':1,'probe':{'failureThreshold':1},'env':[{'name':'A'}]}}",
      })
  void anObjectHoldsItsDesiredStateWhateverTheServerAdded(String what, boolean holds, String actual)
      throws Exception {
    assertThat(DesiredState.isIn(json(DESIRED), json(actual))).isEqualTo(holds);
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }
}
