package io.letspulsar.operator;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.CollectionType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Map;

/**
 * How the operator's client reads objects: as the informers keep one of each PurchaseStream,
 * ConfigMap and Deployment of every stream, what a read object holds is what the operator's memory
 * grows by (a heap histogram at 1,000 streams counted 250 strings, 80 maps and 66 lists a stream,
 * most of them repeats, empty or nearly so). Read this way, an object holds what it said and
 * nothing the operator never reads:
 *
 * <ul>
 *   <li>no {@code metadata.managedFields}. The API server sends them with every object — for a
 *       Deployment one field tree per writer, about as large as the rest of the object. The
 *       operator matches its objects field by field ({@code DesiredState}), not by server-side
 *       apply, and writes with updates and patches in which an absent managedFields leaves the
 *       server's as they are;
 *   <li>strings up to {@value #SHARED_UP_TO} characters shared (interned): the same label keys and
 *       values, image names, mount paths, kinds and condition types in every stream's objects are
 *       then one string each;
 *   <li>no empty map of unknown fields: the model keeps a map in each of its objects (about 80 for
 *       a stream) for fields it does not know; an empty one is replaced by one shared immutable
 *       empty map. Builders copy it ({@code new DeploymentBuilder(read)}), so edited copies work as
 *       before; a read object is not changed in place (informers' objects never are);
 *   <li>lists as long as what they hold (a list read from JSON has room for ten; about 65 lists a
 *       stream hold one or two).
 * </ul>
 */
final class LeanObjects extends SimpleModule {
  private static final int SHARED_UP_TO = 64;

  LeanObjects() {
    super("lean-objects");
    setMixInAnnotation(ObjectMeta.class, WithoutManagedFields.class);
    addDeserializer(String.class, new SharedStrings());
    setDeserializerModifier(new Trimmed());
  }

  @JsonIgnoreProperties(value = "managedFields", ignoreUnknown = true)
  private abstract static class WithoutManagedFields {}

  private static final class SharedStrings extends StdScalarDeserializer<String> {
    SharedStrings() {
      super(String.class);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      String value = StringDeserializer.instance.deserialize(parser, context);
      return value != null && value.length() <= SHARED_UP_TO ? value.intern() : value;
    }
  }

  private static final class Trimmed extends BeanDeserializerModifier {
    private static final MethodType GET = MethodType.methodType(Map.class);
    private static final MethodType SET = MethodType.methodType(void.class, Map.class);

    @Override
    public JsonDeserializer<?> modifyDeserializer(
        DeserializationConfig config, BeanDescription bean, JsonDeserializer<?> deserializer) {
      Class<?> type = bean.getBeanClass();
      if (type == GenericKubernetesResource.class) {
        return deserializer; // its unknown fields are all it holds, and it is filled in place
      }
      try {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        return new TrimmedUnknownFields(
            deserializer,
            lookup.findVirtual(type, "getAdditionalProperties", GET),
            lookup.findVirtual(type, "setAdditionalProperties", SET));
      } catch (NoSuchMethodException | IllegalAccessException notAModelObject) {
        return deserializer;
      }
    }

    @Override
    public JsonDeserializer<?> modifyCollectionDeserializer(
        DeserializationConfig config,
        CollectionType type,
        BeanDescription bean,
        JsonDeserializer<?> deserializer) {
      return new TrimmedList(deserializer);
    }
  }

  private static final class TrimmedList extends DelegatingDeserializer {
    TrimmedList(JsonDeserializer<?> delegate) {
      super(delegate);
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
      return new TrimmedList(delegate);
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      Object read = super.deserialize(parser, context);
      if (read instanceof ArrayList<?> list) {
        list.trimToSize();
      }
      return read;
    }
  }

  private static final class TrimmedUnknownFields extends DelegatingDeserializer {
    private final MethodHandle get;
    private final MethodHandle set;

    TrimmedUnknownFields(JsonDeserializer<?> delegate, MethodHandle get, MethodHandle set) {
      super(delegate);
      this.get = get;
      this.set = set;
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
      return new TrimmedUnknownFields(delegate, get, set);
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      Object read = super.deserialize(parser, context);
      try {
        Map<?, ?> unknown = read == null ? null : (Map<?, ?>) get.invoke(read);
        if (unknown != null && unknown.isEmpty()) {
          set.invoke(read, Map.of());
        }
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable impossible) { // the model's getter and setter throw nothing checked
        throw new IllegalStateException(impossible);
      }
      return read;
    }
  }
}
